// Meeting mode: one slide at a time, stepped through by keyboard or buttons.
// Without this script every slide shows, stacked, and the page works as it is.
(function () {
  "use strict";

  function isTyping(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable]"));
  }

  function start() {
    var deck = document.querySelector("[data-deck]");
    if (!deck) return;
    var slides = Array.prototype.slice.call(deck.querySelectorAll(".slide"));
    if (!slides.length) return;
    var controls = document.querySelector("[data-controls]");
    var indicator = document.querySelector("[data-indicator]");
    var announce = document.querySelector("[data-announce]");
    var prev = document.querySelector("[data-prev]");
    var next = document.querySelector("[data-next]");
    var exit = document.querySelector("[data-exit]");
    var fullscreen = document.querySelector("[data-fullscreen]");
    var label = deck.getAttribute("data-slide-label") || "%(n)s / %(total)s: %(title)s";
    var current = 0;
    // Esc must not throw away a half-written outcome without asking.
    var dirty = false;
    var outcome = deck.querySelector("form");
    if (outcome) outcome.addEventListener("input", function () { dirty = true; });

    function show(index, announceIt) {
      current = Math.max(0, Math.min(slides.length - 1, index));
      slides.forEach(function (slide, i) {
        var on = i === current;
        slide.classList.toggle("is-current", on);
        slide.hidden = !on;
      });
      var total = slides.length;
      indicator.textContent = current + 1 + " / " + total;
      prev.disabled = current === 0;
      next.disabled = current === total - 1;
      var heading = slides[current].querySelector("h2");
      if (announceIt && announce) {
        announce.textContent = label
          .replace("%(n)s", String(current + 1))
          .replace("%(total)s", String(total))
          .replace("%(title)s", heading ? heading.textContent.trim() : "");
      }
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", "#" + slides[current].id);
      }
    }

    // Which slide to open: the form after a failed submit, else the one in the address.
    var first = 0;
    if (deck.getAttribute("data-start") === "last") {
      first = slides.length - 1;
    } else if (window.location.hash) {
      var wanted = document.getElementById(window.location.hash.slice(1));
      var at = slides.indexOf(wanted);
      if (at >= 0) first = at;
    }
    deck.classList.add("is-enhanced");
    document.body.classList.add("meeting-enhanced");
    controls.hidden = false;
    show(first, false);

    prev.addEventListener("click", function () { show(current - 1, true); });
    next.addEventListener("click", function () { show(current + 1, true); });

    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var typing = isTyping(event.target);
      switch (event.key) {
        case "ArrowRight":
        case "PageDown":
          if (typing) return;
          show(current + 1, true);
          break;
        case "ArrowLeft":
        case "PageUp":
          if (typing) return;
          show(current - 1, true);
          break;
        case " ":
          // Space ticks checkboxes and presses buttons; elsewhere it moves on.
          if (typing || event.target.closest("button, a, label")) return;
          if (event.shiftKey) show(current - 1, true);
          else show(current + 1, true);
          break;
        case "Home":
          if (typing) return;
          show(0, true);
          break;
        case "End":
          if (typing) return;
          show(slides.length - 1, true);
          break;
        case "Escape":
          // Leaving full screen takes the first Esc (the browser's); the next one exits.
          if (typing || document.fullscreenElement) return;
          if (dirty && !window.confirm(deck.getAttribute("data-confirm-leave") || "")) return;
          window.location.href = exit.href;
          break;
        default:
          return;
      }
      event.preventDefault();
    });

    if (fullscreen && document.fullscreenEnabled) {
      fullscreen.hidden = false;
      fullscreen.addEventListener("click", function () {
        if (document.fullscreenElement) {
          document.exitFullscreen().catch(function () {});
        } else {
          // The browser may refuse (settings, an iframe); the page works without it.
          document.documentElement.requestFullscreen().catch(function () {});
        }
      });
      document.addEventListener("fullscreenchange", function () {
        var on = Boolean(document.fullscreenElement);
        fullscreen.textContent = fullscreen.getAttribute(on ? "data-leave" : "data-enter");
        fullscreen.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
