/* Progressive enhancement for every page. Nothing here is needed for the core actions:
 * every form works as a plain POST without JavaScript. */
"use strict";
(function () {
  if (!("serviceWorker" in navigator)) return;

  function askToFlush() {
    if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ type: "flush" });
  }

  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function (registration) {
    if (registration.sync) registration.sync.register("alongside-checkins").catch(function () {});
    askToFlush();
  }).catch(function () {});

  window.addEventListener("online", askToFlush);
  navigator.serviceWorker.addEventListener("controllerchange", askToFlush);

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    var status = document.getElementById("offline-status");
    if (data.type !== "queue" || !status) return;
    if (data.pending > 0) {
      status.textContent = status.dataset.waiting.replace("%(n)s", String(data.pending));
      status.hidden = false;
    } else if (!status.hidden) {
      status.textContent = status.dataset.sent;
    }
  });

  // Logging out forgets the cached copy of the check-in page (queued check-ins stay until sent).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.dataset && form.dataset.logout !== undefined && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "forget-pages" });
    }
  });
})();
