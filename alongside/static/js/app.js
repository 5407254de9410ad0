/* Progressive enhancement for every page. Nothing here is needed for the core actions:
 * every form works as a plain POST without JavaScript. */
"use strict";
(function () {
  if (!("serviceWorker" in navigator)) return;

  function pageToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Whose page this is: the membership id the server rendered it for ("" when logged out). Check-ins
  // saved on this phone are sent and shown only on their owner's pages.
  var viewer = document.body ? document.body.getAttribute("data-viewer") || "" : "";

  function tell(message) {
    if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage(message);
  }

  // Ask the worker and wait for its answer (null if there is no worker or it does not answer).
  function ask(message, waitMs) {
    return new Promise(function (resolve) {
      var controller = navigator.serviceWorker.controller;
      if (!controller || typeof MessageChannel === "undefined") return resolve(null);
      var channel = new MessageChannel();
      var timer = setTimeout(function () { resolve(null); }, waitMs);
      channel.port1.onmessage = function (event) {
        clearTimeout(timer);
        resolve(event.data || {});
      };
      controller.postMessage(message, [channel.port2]);
    });
  }

  // Send what waits on this phone for this person (with this page's fresh security token), and keep
  // crisis help for offline use; a participant's crisis bar says whether their safety plan may be
  // kept too. A logged-out page forgets the last person's own pages.
  function onReady() {
    if (document.body && document.body.hasAttribute("data-offline-forget")) tell({ type: "forget-person" });
    tell({ type: "flush", csrf: pageToken(), owner: viewer });
    var bar = document.querySelector("[data-offline-plan]");
    tell({ type: "keep", lang: document.documentElement.lang, plan: bar ? bar.getAttribute("data-offline-plan") : "", viewer: viewer });
  }

  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function (registration) {
    if (registration.sync) registration.sync.register("alongside-checkins").catch(function () {});
    onReady();
  }).catch(function () {});

  window.addEventListener("online", onReady);
  navigator.serviceWorker.addEventListener("controllerchange", onReady);

  function dayName(item, lang) {
    var iso = item.day || (item.made_at || "").slice(0, 10);
    if (!iso) return "";
    var parts = iso.split("-").map(Number);
    var date = new Date(parts[0], parts[1] - 1, parts[2]);
    try {
      return date.toLocaleDateString(lang || undefined, { weekday: "long", day: "numeric", month: "long" });
    } catch (err) {
      return iso;
    }
  }

  function text(tag, className, value) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    node.textContent = value;
    return node;
  }

  // The check-in page lists what waits on this phone, what was refused (with the reason, what was
  // written, and a way to fix it) and what was sent since the person last looked.
  var shownSent = {};
  function showQueue(box, data) {
    var lang = document.documentElement.lang;
    var items = data.items || [];
    var seen = [];
    box.textContent = "";
    Object.keys(shownSent).forEach(function (id) { box.appendChild(text("p", "offline-sent", shownSent[id])); });
    if (data.pending > 0) box.appendChild(text("p", "offline-waiting", box.dataset.waiting.replace("%(n)s", String(data.pending))));
    items.forEach(function (item) {
      var day = dayName(item, lang);
      if (item.status === "sent") {
        if (shownSent[item.client_id]) return;
        shownSent[item.client_id] = box.dataset.sent.replace("%(day)s", day);
        box.appendChild(text("p", "offline-sent", shownSent[item.client_id]));
        seen.push(item.client_id);
      } else if (item.status === "refused") {
        var card = document.createElement("div");
        card.className = "offline-refused callout";
        var why = item.reason === "taken" ? box.dataset.refusedTaken : box.dataset.refused;
        card.appendChild(text("p", "", why.replace("%(day)s", day)));
        if (item.reason !== "taken" && item.detail) card.appendChild(text("p", "", item.detail));
        if (item.note) {
          card.appendChild(text("p", "", box.dataset.wrote));
          card.appendChild(text("blockquote", "", item.note));
        }
        var actions = document.createElement("p");
        if (item.reason === "taken" && item.day) {
          var link = text("a", "button", box.dataset.open);
          link.href = box.dataset.historyUrl + "#day-" + item.day;
          actions.appendChild(link);
          actions.appendChild(document.createTextNode(" "));
        }
        var remove = text("button", "button-secondary", box.dataset.remove);
        remove.type = "button";
        remove.addEventListener("click", function () { tell({ type: "dismiss", client_id: item.client_id, owner: viewer }); });
        actions.appendChild(remove);
        card.appendChild(actions);
        box.appendChild(card);
      }
    });
    box.hidden = !box.firstChild;
    // A receipt is shown once: the next visit does not repeat it.
    seen.forEach(function (id) { tell({ type: "dismiss-sent", client_id: id, owner: viewer }); });
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    var box = document.getElementById("offline-queue");
    if (data.type !== "queue" || !box || !viewer || data.owner !== viewer) return;
    showQueue(box, data);
  });

  // Logging out forgets the pages kept on this phone. Check-ins not sent yet stay on it for their
  // owner: first they are sent if possible, and if some still wait, the person is told before
  // logging out. Without JavaScript (or a worker) the form simply logs out.
  function logOut(form) {
    ask({ type: "forget-pages" }, 3000).then(function () { form.submit(); });
  }

  function showWaiting(form, waiting) {
    var old = document.querySelector(".logout-waiting");
    if (old) old.parentNode.removeChild(old);
    var notice = document.createElement("div");
    notice.className = "logout-waiting callout";
    notice.setAttribute("role", "alert");
    notice.appendChild(text("p", "", form.dataset.waitingNotice.replace("%(n)s", String(waiting))));
    var actions = document.createElement("p");
    var anyway = text("button", "button-secondary", form.dataset.logoutAnyway);
    anyway.type = "button";
    anyway.addEventListener("click", function () { logOut(form); });
    var stay = text("button", "", form.dataset.stay);
    stay.type = "button";
    stay.addEventListener("click", function () {
      notice.parentNode.removeChild(notice);
      var button = form.querySelector("button[type=submit]");
      if (button) button.focus();
    });
    actions.appendChild(stay);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(anyway);
    notice.appendChild(actions);
    form.parentNode.insertBefore(notice, form);
    stay.focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.dataset || form.dataset.logout === undefined) return;
    if (!navigator.serviceWorker.controller || !form.dataset.waitingNotice) return;
    event.preventDefault();
    ask({ type: "flush", csrf: pageToken(), owner: viewer }, 15000).then(function (answer) {
      var waiting = answer && answer.pending ? answer.pending : 0;
      if (waiting > 0) showWaiting(form, waiting);
      else logOut(form);
    });
  });
})();
