// Search finds the paragraph: a result that matched a page's text leads to the first block
// holding a word sought (its permalink), and its snippet is that block's words only, without
// note cues, loci or the witness's hidden readings. Pages that show a text rank above the
// editorial ones (the weights come from the build, in #tei-search-pages). Sphinx's own search
// runs as before where this script is missing.
(function () {
  "use strict";
  if (typeof Search === "undefined" || typeof Scorer === "undefined") { return; }
  var NOT_TEXT = [
    ".headerlink", "script", "style", "a.footnote-reference", ".tei-apparatus-ref",
    ".tei-commentary-ref", ".tei-notes-ref", ".tei-locus",
    ".tei-witness-reading", ".tei-note-popover", ".tei-view-switcher", ".tei-reading-options",
    ".tei-synoptic-toggle", ".tei-page-contents", "details.tei-cite"
  ].join(", ");
  // A table row is one block: a cell alone says too little.
  var BLOCKS = "p, li, dd, dt, td, th, h1, h2, h3, h4, h5, h6";
  var weightsData = document.getElementById("tei-search-pages");
  var weights = {};
  try { weights = weightsData ? JSON.parse(weightsData.textContent) : {}; } catch (error) { weights = {}; }
  var ownScore = Scorer.score;
  Scorer.score = function (result) {
    var score = ownScore ? ownScore(result) : result[4];
    return score + (weights[result[0]] || 0);
  };

  function mainOf(htmlString) {
    var parsed = new DOMParser().parseFromString(htmlString, "text/html");
    var main = parsed.querySelector('[role="main"]') || parsed.body;
    var drop = main.querySelectorAll(NOT_TEXT);
    for (var i = 0; i < drop.length; i++) { drop[i].remove(); }
    return main;
  }

  function words(element) { return element.textContent.replace(/\s+/g, " ").trim(); }

  // Where the first of the words sought stands, and how many of them the text holds.
  function found(text, keywords) {
    var lower = text.toLowerCase(), first = -1, count = 0;
    keywords.forEach(function (keyword) {
      var at = lower.indexOf(String(keyword).toLowerCase());
      if (at > -1) { count += 1; if (first < 0 || at < first) { first = at; } }
    });
    return {at: first, count: count};
  }

  Search.htmlToText = function (htmlString, anchor) {
    var main = mainOf(htmlString);
    var part = anchor ? main.querySelector(anchor) : null;
    return words(part || main);
  };

  Search.makeSearchSummary = function (htmlText, keywords, anchor) {
    var main = mainOf(htmlText);
    var scope = (anchor && main.querySelector(anchor)) || main;
    var blocks = scope.querySelectorAll(BLOCKS);
    var wanted = Array.from(keywords).length;
    // The first innermost block that holds the most of the words sought.
    var best = null;
    var seen = [];
    for (var i = 0; i < blocks.length; i++) {
      if (blocks[i].querySelector(BLOCKS)) { continue; }
      var unit = blocks[i].closest("tr") || blocks[i];
      if (seen.indexOf(unit) > -1) { continue; }
      seen.push(unit);
      var blockText = words(unit);
      var hit = found(blockText, keywords);
      if (hit.count && (!best || hit.count > best.count)) {
        best = {text: blockText, at: hit.at, count: hit.count, block: unit};
        if (hit.count === wanted) { break; }
      }
    }
    var text = best ? best.text : words(scope);
    var at = best ? best.at : Math.max(found(text, keywords).at, 0);
    var target = best && !anchor ? best.block.closest("[id]") : null;
    if (!text) { return null; }
    var start = Math.max(at - 120, 0);
    var cut = text.substr(start, 240);
    if (start > 0) { cut = cut.replace(/^\S*\s/, ""); }
    if (start + 240 < text.length) { cut = cut.replace(/\s\S*$/, ""); }
    var summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent = (start > 0 ? "… " : "") + cut + (start + 240 < text.length ? " …" : "");
    if (target && target.id && target !== main) {
      // Sphinx appends the summary to the result's item at once; its link then gets the block.
      window.setTimeout(function () {
        var link = summary.parentElement && summary.parentElement.querySelector("a");
        if (link) { link.hash = target.id; }
      }, 0);
    }
    return summary;
  };
})();
