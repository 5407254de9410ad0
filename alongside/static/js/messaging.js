/* Messages: progressive enhancement of the thread page. Without JavaScript the page is a plain
 * form POST and a "Refresh" link; with it, htmx polls for new messages every two seconds
 * (see messaging/views.py for why polling). This file only tunes that polling. */
"use strict";
(function () {
  if (!window.htmx) return;
  // htmx would add an inline <style> for its indicators, which the Content-Security-Policy refuses.
  window.htmx.config.includeIndicatorStyles = false;

  // Stop polling after a while without any interaction, so an unattended screen lets the
  // session time out as it should; any interaction resumes it.
  var IDLE_MS = 10 * 60 * 1000;
  var lastActivity = Date.now();
  ["keydown", "pointerdown", "pointermove", "scroll", "focus"].forEach(function (name) {
    window.addEventListener(name, function () { lastActivity = Date.now(); }, { passive: true });
  });

  function isPoll(event) {
    var elt = event.detail && event.detail.elt;
    return elt && elt.hasAttribute && elt.hasAttribute("data-messaging-poll");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!isPoll(event)) return;
    // No need to ask while the tab is hidden or nobody is there.
    if (document.hidden || Date.now() - lastActivity > IDLE_MS) event.preventDefault();
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!isPoll(event)) return;
    var xhr = event.detail.xhr;
    // Logged out (a redirect to the login page) or refused: show the real page instead.
    if (xhr.status >= 400 || (xhr.responseURL && xhr.responseURL.indexOf("/poll/") === -1)) {
      event.detail.shouldSwap = false;
      window.location.reload();
    }
  });

  // Keep the newest message in view when one arrives and the reader was already at the bottom.
  var list = document.getElementById("message-list");
  var nearBottom = true;
  window.addEventListener("scroll", function () {
    nearBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 200;
  }, { passive: true });
  document.addEventListener("htmx:oobAfterSwap", function () {
    if (list && nearBottom && list.lastElementChild) list.lastElementChild.scrollIntoView({ block: "nearest" });
  });
})();
