// Set-up for the stored widgets of the HTML book. Loaded after require.js and before
// html-manager/embed-amd.js (see nb_ipywidgets_js in _config.yml).
(function () {
  // 1. Tell require.js where the widget manager's files are, so that the fonts and chunks it
  //    loads come from this site's _static/ folder (offline-safe), not from a path relative
  //    to the page or a public CDN.
  var base = document.currentScript.src.replace(/[^/]*$/, "");
  window.require.config({
    paths: { "@jupyter-widgets/html-manager/dist": base + "html-manager" },
  });

  // 2. The widget manager typesets widget labels with MathJax 2's API (MathJax.Hub.Queue);
  //    the book loads MathJax 3, which has no Hub, so every label raised "Cannot read
  //    properties of undefined (reading 'Queue')". When MathJax 3 installs itself, give it a
  //    Hub.Queue that typesets with MathJax 3 instead.
  var current = window.MathJax;
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () {
      return current;
    },
    set: function (value) {
      current = value;
      if (value && value.version && !value.Hub) {
        value.Hub = {
          Queue: function (job) {
            var element = Array.isArray(job) ? job[2] : undefined;
            if (current.typesetPromise) {
              current.typesetPromise(element ? [element] : undefined);
            }
          },
        };
      }
    },
  });

  // 3. Give every slider the accessible name of its visible label: the widget manager draws the
  //    label next to the slider without linking the two, so screen readers announced an
  //    unnamed slider (axe-core: aria-input-field-name).
  function nameSliders(root) {
    root.querySelectorAll(".widget-slider, .widget-hslider, .widget-vslider").forEach(function (box) {
      var label = box.querySelector(".widget-label");
      var handle = box.querySelector('[role="slider"]');
      if (label && handle && !handle.getAttribute("aria-label")) {
        handle.setAttribute("aria-label", label.textContent.trim());
      }
    });
  }

  // 4. Give each explorer's figure a text alternative: the status line drawn just above it
  //    (see platformlab.explore.base.Explorer), which states the figure's current result.
  //    (The Image widget has no alt text of its own.)
  function describeFigures(root) {
    root.querySelectorAll("img.widget-image:not([alt])").forEach(function (img) {
      var status = img.previousElementSibling;
      var text = status ? status.textContent.trim() : "";
      img.setAttribute("alt", "Figure of the explorer's current result" + (text ? ": " + text : ""));
    });
  }
  new MutationObserver(function () {
    nameSliders(document);
    describeFigures(document);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
