/* Coping toolbox exercises: box breathing, 5-4-3-2-1 grounding and urge surfing.
 * Progressive enhancement only: every page already shows complete written instructions,
 * so nothing here is needed to use the exercises. Strings come translated from data-
 * attributes; nothing typed into the grounding steps leaves the page. */
"use strict";
(function () {
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, name) { return String(values[name]); });
  }

  // A one-second ticker that can pause and resume without drifting.
  function Ticker(onTick) {
    var timer = null;
    return {
      running: function () { return timer !== null; },
      start: function () { if (timer === null) timer = window.setInterval(onTick, 1000); },
      stop: function () { if (timer !== null) { window.clearInterval(timer); timer = null; } }
    };
  }

  function controls(root) {
    return {
      start: root.querySelector("[data-action=start]"),
      pause: root.querySelector("[data-action=pause]"),
      stop: root.querySelector("[data-action=stop]"),
      set: function (running, started) {
        this.start.disabled = running;
        this.pause.disabled = !running;
        this.stop.disabled = !started;
      }
    };
  }

  function breathing(root) {
    var phases = [
      { label: root.dataset.in, css: "is-in" },
      { label: root.dataset.hold, css: "is-hold-full" },
      { label: root.dataset.out, css: "is-out" },
      { label: root.dataset.hold, css: "is-hold-empty" }
    ];
    var square = root.querySelector(".breath-square");
    var count = root.querySelector("[data-count]");
    var status = root.querySelector("[data-status]");
    var buttons = controls(root);
    var phase = 0;
    var left = 4;
    var started = false;

    function show() {
      var p = phases[phase];
      // The stylesheet drops the growing and shrinking under prefers-reduced-motion; the colour
      // change and the words still mark each phase.
      square.className = "breath-square " + p.css + (reducedMotion ? " is-still" : "");
      count.textContent = String(left);
      status.textContent = p.label + ": " + left;
    }

    var ticker = Ticker(function () {
      left -= 1;
      if (left === 0) {
        phase = (phase + 1) % phases.length;
        left = 4;
      }
      show();
    });

    buttons.start.addEventListener("click", function () {
      if (!started) { phase = 0; left = 4; started = true; }
      show();
      ticker.start();
      buttons.set(true, true);
    });
    buttons.pause.addEventListener("click", function () {
      ticker.stop();
      status.textContent = root.dataset.paused;
      buttons.set(false, true);
    });
    buttons.stop.addEventListener("click", function () {
      ticker.stop();
      started = false;
      square.className = "breath-square";
      count.textContent = "";
      status.textContent = root.dataset.stopped;
      buttons.set(false, false);
      buttons.start.focus();
    });
  }

  function urgeSurfing(root) {
    var prompts = root.dataset.prompts.split("|");
    var clock = root.querySelector("[data-clock]");
    var wave = root.querySelector(".wave");
    var status = root.querySelector("[data-status]");
    var buttons = controls(root);
    var radios = root.querySelectorAll("input[name=urge-minutes]");
    var remaining = 0;
    var elapsed = 0;
    var started = false;

    function chosenMinutes() {
      for (var i = 0; i < radios.length; i++) if (radios[i].checked) return parseInt(radios[i].value, 10);
      return 5;
    }

    function showClock() {
      var m = Math.floor(remaining / 60);
      var s = remaining % 60;
      clock.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    }

    function announceMinute() {
      var minutesLeft = Math.round(remaining / 60);
      var left = minutesLeft === 1 ? root.dataset.oneMinuteLeft : format(root.dataset.minutesLeft, { n: minutesLeft });
      var prompt = prompts[Math.floor(elapsed / 60) % prompts.length];
      status.textContent = prompt + " " + left;
    }

    function setRadios(disabled) {
      for (var i = 0; i < radios.length; i++) radios[i].disabled = disabled;
    }

    function finish(message) {
      ticker.stop();
      started = false;
      wave.className = "wave";
      status.textContent = message;
      setRadios(false);
      buttons.set(false, false);
    }

    var ticker = Ticker(function () {
      remaining -= 1;
      elapsed += 1;
      showClock();
      if (remaining <= 0) {
        finish(root.dataset.done);
        buttons.start.focus();
      } else if (elapsed % 60 === 0) {
        announceMinute();
      }
    });

    buttons.start.addEventListener("click", function () {
      if (!started) {
        remaining = chosenMinutes() * 60;
        elapsed = 0;
        started = true;
        setRadios(true);
        announceMinute();
      } else {
        announceMinute();
      }
      showClock();
      wave.className = "wave is-running";
      ticker.start();
      buttons.set(true, true);
    });
    buttons.pause.addEventListener("click", function () {
      ticker.stop();
      wave.className = "wave is-running is-paused";
      status.textContent = root.dataset.paused;
      buttons.set(false, true);
    });
    buttons.stop.addEventListener("click", function () {
      finish(root.dataset.stopped);
      clock.textContent = "";
      buttons.start.focus();
    });
  }

  function grounding(root) {
    var steps = Array.prototype.slice.call(root.querySelectorAll("[data-step]"));
    var done = root.querySelector("[data-done-panel]");
    var status = root.querySelector("[data-status]");
    var restart = root.querySelector("[data-action=restart]");
    var current = 0;

    function show(index, moveFocus) {
      current = index;
      steps.forEach(function (step, i) { step.classList.toggle("is-current", i === index); });
      done.classList.toggle("is-current", index === steps.length);
      var panel = index === steps.length ? done : steps[index];
      status.textContent = index === steps.length
        ? root.dataset.done
        : format(root.dataset.progress, { step: index + 1, total: steps.length });
      if (moveFocus) panel.querySelector("h2").focus();
    }

    root.classList.add("is-stepping");
    root.querySelectorAll("[data-nav]").forEach(function (nav) { nav.hidden = false; });
    restart.hidden = false;
    root.addEventListener("click", function (event) {
      var action = event.target.closest && event.target.closest("[data-action]");
      if (!action) return;
      var name = action.dataset.action;
      if (name === "next") show(Math.min(current + 1, steps.length), true);
      if (name === "back") show(Math.max(current - 1, 0), true);
      if (name === "restart") {
        root.querySelectorAll("input").forEach(function (input) { input.value = ""; });
        show(0, true);
      }
    });
    show(0, false);
  }

  document.querySelectorAll("[data-exercise]").forEach(function (root) {
    var kind = root.dataset.exercise;
    if (kind === "breathing") breathing(root);
    if (kind === "urge-surfing") urgeSurfing(root);
    if (kind === "grounding") grounding(root);
    root.hidden = false;
  });
})();
