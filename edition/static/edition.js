// Switching views keeps the paragraph you are reading: the links get its xml:id as fragment.
// Without JavaScript the links still work and open the other view at its start.
(function () {
  "use strict";
  var VIEW_PREFIX = /^(reading|diplomatic)-/;

  function paragraphInView() {
    var bar = document.querySelector(".tei-view-switcher");
    var top = bar ? bar.getBoundingClientRect().bottom : 0;
    var blocks = document.querySelectorAll(".tei-edition p[id], .tei-edition .tei-row[id]");
    for (var i = 0; i < blocks.length; i++) {
      // The first block of which more than a line shows below the bar is the one being read.
      if (blocks[i].getBoundingClientRect().bottom > top + 40) {
        return blocks[i].id.replace(VIEW_PREFIX, "");
      }
    }
    return null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".tei-view-switcher a[href]");
    if (!link) { return; }
    var id = paragraphInView();
    if (id) { link.href = link.href.split("#")[0] + "#" + id; }
  });
})();

// A citation's address, copied from the page, must be whole: write a relative one out in full.
// Without JavaScript the link still leads to the place; only its text stays relative.
(function () {
  "use strict";
  var links = document.querySelectorAll("a.tei-cite-url");
  for (var i = 0; i < links.length; i++) {
    if (links[i].textContent.indexOf("://") < 0) { links[i].textContent = links[i].href; }
  }
})();
