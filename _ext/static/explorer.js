// The book's explorers without a kernel (see _ext/explorers.py and platformlab/explore/book.py).
// Each .pl-explorer holds range inputs over the values the book build drew frames for; moving
// one shows the frame drawn by the explorer's own Python code at that setting, and its status
// line. Frames load one at a time, when asked for; the status lines (frames.json) load on the
// first move. Plain JavaScript, no library.
(function () {
  "use strict";

  function setUp(root) {
    var base = root.getAttribute("data-frames");
    var inputs = Array.prototype.slice.call(root.querySelectorAll("input[type=range]"));
    var status = root.querySelector(".pl-status");
    var frame = root.querySelector("img.pl-frame");
    var title = root.getAttribute("data-title"); // the alt text is "<title>: <status>"
    var index = null; // frames.json, once loaded
    var pending = null;
    var wanted = null;

    function key() {
      return inputs.map(function (input) { return input.value; }).join("-") || "0";
    }

    function plain(markup) {
      var scratch = document.createElement("div");
      scratch.innerHTML = markup;
      return (scratch.textContent || "").replace(/\s+/g, " ").trim();
    }

    function show() {
      var k = key();
      wanted = k;
      inputs.forEach(function (input) {
        var values = JSON.parse(input.getAttribute("data-values"));
        var text = values[Number(input.value)];
        input.setAttribute("aria-valuetext", text);
        var out = root.querySelector('output[for="' + input.id + '"]');
        if (out) { out.textContent = text; }
      });
      var image = new Image();
      image.onload = function () {
        if (wanted !== k) { return; } // a later move won
        frame.src = image.src;
        if (index) {
          var line = index.status[k];
          status.innerHTML = line;
          frame.setAttribute("alt", title + ": " + plain(line));
        }
        root.setAttribute("data-shown", k);
      };
      image.src = base + k + ".png";
    }

    function load() {
      // A script, not fetch(): it also works when the book is opened from disk (file://).
      if (!pending) {
        pending = new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = base + "frames.js";
          script.onload = function () {
            index = (window.plExplorerFrames || {})[script.src];
            if (index) { resolve(index); } else { reject(new Error("no frames in " + script.src)); }
          };
          script.onerror = function () { reject(new Error("cannot load " + script.src)); };
          document.head.appendChild(script);
        });
      }
      return pending;
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", function () {
        if (index) { show(); } else { load().then(show); }
      });
    });
    root.setAttribute("data-shown", key());
    root.setAttribute("data-ready", "1");
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".pl-explorer"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
