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

// The clean text, once chosen, stays chosen on every page of the edition (the checkbox alone
// works without JavaScript, on the page where it is ticked).
(function () {
  "use strict";
  var KEY = "tei-clean-reading";
  function remembered() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (error) { return false; }
  }
  var boxes = document.querySelectorAll("input.tei-clean-reading");
  var clean = remembered();
  for (var i = 0; i < boxes.length; i++) {
    if (clean) { boxes[i].checked = true; }
    boxes[i].addEventListener("change", function (event) {
      try { window.localStorage.setItem(KEY, event.target.checked ? "1" : "0"); } catch (error) { /* private mode */ }
    });
  }
})();

// A note opens in place, beside its cue, by click, tap or keyboard (Enter on the cue; Escape
// or a second activation closes it). Without JavaScript the cue leads to the list after the
// text, which stays for print and for readers who prefer it.
(function () {
  "use strict";
  var open = null;

  function close() {
    if (!open) { return; }
    open.cue.setAttribute("aria-expanded", "false");
    open.box.remove();
    open = null;
  }

  function show(cue) {
    var id = decodeURIComponent(cue.getAttribute("href").slice(1));
    var note = document.getElementById(id);
    if (!note) { return false; }
    var box = document.createElement("span");
    box.className = "tei-note-popover";
    box.id = id + "-popover";
    box.setAttribute("role", "note");
    var kids = note.children;
    for (var i = 0; i < kids.length; i++) {
      if (!kids[i].classList.contains("label") && !kids[i].classList.contains("backrefs")) {
        var copy = kids[i].cloneNode(true);
        var ids = copy.querySelectorAll("[id]");
        for (var j = 0; j < ids.length; j++) { ids[j].removeAttribute("id"); }
        copy.removeAttribute("id");
        box.appendChild(copy);
      }
    }
    cue.after(box);
    cue.setAttribute("aria-expanded", "true");
    cue.setAttribute("aria-controls", box.id);
    open = {cue: cue, box: box};
    return true;
  }

  function line(className) {
    var span = document.createElement("span");
    if (className) { span.className = className; }
    return span;
  }

  // A paragraph's citation at its §: the permalink at once, each style as the citations
  // page gives it once fetched (a page opened from disk may refuse the fetch: the link to
  // the entry stays). The address bar takes the permalink, as following the § would.
  function showCitation(locus) {
    var id = decodeURIComponent(locus.getAttribute("href").slice(1));
    var entry = new URL(locus.getAttribute("data-cite"), document.baseURI);
    var box = line("tei-note-popover tei-cite-popover");
    box.id = id + "-cite-popover";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Cite " + locus.textContent);
    var permalink = line();
    var address = document.createElement("a");
    address.className = "tei-cite-url";
    address.href = locus.href;
    address.textContent = locus.href;
    permalink.append("Permalink: ", address);
    var more = line();
    var all = document.createElement("a");
    all.href = entry.href;
    all.textContent = "Cite " + locus.textContent + " in every style, and the records";
    more.append(all);
    box.append(permalink, more);
    locus.after(box);
    locus.setAttribute("aria-expanded", "true");
    locus.setAttribute("aria-controls", box.id);
    open = {cue: locus, box: box};
    try { window.history.replaceState(null, "", "#" + encodeURIComponent(id)); } catch (error) { /* file: */ }
    window.fetch(entry.href.split("#")[0]).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (text) {
      var listed = text && new DOMParser().parseFromString(text, "text/html")
        .getElementById(decodeURIComponent(entry.hash.slice(1)));
      if (!listed || !box.isConnected) { return; }
      var styles = listed.querySelectorAll(".tei-cite-style");
      for (var i = 0; i < styles.length; i++) {
        var style = line(styles[i].className);
        while (styles[i].firstChild) { style.appendChild(styles[i].firstChild); }
        var links = style.querySelectorAll("a[href]");
        for (var j = 0; j < links.length; j++) {
          var whole = new URL(links[j].getAttribute("href"), entry.href).href;
          links[j].href = whole;
          if (links[j].classList.contains("tei-cite-url")) { links[j].textContent = whole; }
        }
        box.insertBefore(style, more);
      }
    }).catch(function () { /* the link to the entry stays */ });
    return true;
  }

  document.addEventListener("click", function (event) {
    var cue = event.target.closest && event.target.closest(
      ".tei-edition a.tei-apparatus-ref, .tei-edition a.tei-commentary-ref, .tei-edition a.tei-notes-ref, .tei-edition a.tei-locus[data-cite]");
    if (cue) {
      var same = open && open.cue === cue;
      close();
      var shown = !same && (cue.classList.contains("tei-locus") ? showCitation(cue) : show(cue));
      if (shown || same) { event.preventDefault(); }
      return;
    }
    if (open && !open.box.contains(event.target)) { close(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) { var cue = open.cue; close(); cue.focus(); }
  });
})();

// On a touch screen a name's gloss shows on the first tap (there is no hover); a second tap
// on the same name follows the link to its register entry.
(function () {
  "use strict";
  // A page carries each gloss once, on the first link to its entry: the later links take it.
  var glosses = {};
  var links = document.querySelectorAll(".tei-edition a.tei-register-link");
  for (var i = 0; i < links.length; i++) {
    var gloss = links[i].getAttribute("data-gloss");
    var href = links[i].getAttribute("href");
    if (gloss && !(href in glosses)) { glosses[href] = gloss; }
  }
  for (var j = 0; j < links.length; j++) {
    var known = glosses[links[j].getAttribute("href")];
    if (known && !links[j].getAttribute("data-gloss")) { links[j].setAttribute("data-gloss", known); }
  }
  var touched = false;
  document.addEventListener("pointerdown", function (event) { touched = event.pointerType === "touch"; });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".tei-edition a.tei-register-link");
    if (!link || !touched || !link.getAttribute("data-gloss")) { return; }
    if (link.getAttribute("data-gloss-open") !== "1") {
      event.preventDefault();
      var others = document.querySelectorAll("a[data-gloss-open]");
      for (var i = 0; i < others.length; i++) { others[i].removeAttribute("data-gloss-open"); }
      link.setAttribute("data-gloss-open", "1");
      link.focus();
    }
  });
})();
