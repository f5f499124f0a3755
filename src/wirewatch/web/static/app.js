// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // "/" focuses the search box (unless typing in a field already).
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (event.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA") {
      var box = document.getElementById("q");
      if (box) { event.preventDefault(); box.focus(); }
    }
  });
  // Date filters submit as soon as they change.
  document.querySelectorAll("form.filters input[type=date]").forEach(function (input) {
    input.addEventListener("change", function () { if (input.form) { input.form.submit(); } });
  });
  // The timeline shows stories that are new or changed without a reload (server-sent events).
  var live = document.getElementById("live");
  if (live && window.EventSource) {
    var url = live.getAttribute("data-stream") + "?since=" + encodeURIComponent(live.getAttribute("data-since") || "");
    var source = new EventSource(url);
    source.addEventListener("story", function (event) {
      var story = JSON.parse(event.data);
      var card = document.createElement("article");
      card.className = "story new";
      card.id = "live-" + story.id;
      var title = document.createElement("h3");
      var link = document.createElement("a");
      link.href = "/stories/" + encodeURIComponent(story.id);
      link.textContent = story.headline || (story.summary || "").slice(0, 120);
      var mark = document.createElement("span");
      mark.className = "badge new-mark";
      mark.textContent = "new";
      title.appendChild(mark);
      title.appendChild(document.createTextNode(" "));
      title.appendChild(link);
      var meta = document.createElement("p");
      meta.className = "meta";
      (story.sources.length ? story.sources : ["source unknown"]).forEach(function (name) {
        var badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = name;
        meta.appendChild(badge);
      });
      var counts = document.createElement("span");
      counts.textContent = story.size + " update" + (story.size === 1 ? "" : "s") + (story.first_published_at ? ", " + story.first_published_at : "");
      meta.appendChild(counts);
      card.appendChild(title);
      card.appendChild(meta);
      var old = document.getElementById(card.id);
      if (old) { old.remove(); }
      live.insertBefore(card, live.children[1] || null);
      live.hidden = false;
    });
  }
  document.documentElement.classList.add("js");
})();
