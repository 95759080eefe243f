// Switching views keeps the paragraph you are reading: the links get its xml:id as fragment.
// Without JavaScript the links still work and open the other view at its start.
(function () {
  "use strict";
  var VIEW_PREFIX = /^(reading|diplomatic)-/;

  function paragraphInView() {
    var blocks = document.querySelectorAll(".tei-edition p[id], .tei-edition .tei-row[id]");
    for (var i = 0; i < blocks.length; i++) {
      if (blocks[i].getBoundingClientRect().bottom > 0) {
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
