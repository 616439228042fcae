/* Client-side search over every label of the site: no server, no request.
   search-index.js sets window.owlgraphSearch = [[label, type, path], ...] (paths relative to the index). */
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("hits");
  var count = document.getElementById("hits-count");
  var entries = window.owlgraphSearch || [];
  var MAX = 50;
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/ß/g, "ss");
  }
  var folded = entries.map(function (e) { return fold(e[0]); });
  function show() {
    var words = fold(input.value.trim()).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { count.textContent = ""; return; }
    var found = 0;
    for (var i = 0; i < entries.length; i++) {
      var text = folded[i], ok = true;
      for (var w = 0; w < words.length; w++) { if (text.indexOf(words[w]) < 0) { ok = false; break; } }
      if (!ok) continue;
      found++;
      if (found > MAX) continue;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = entries[i][2];
      a.textContent = entries[i][0];
      var small = document.createElement("small");
      small.textContent = " " + entries[i][1];
      li.appendChild(a);
      li.appendChild(small);
      list.appendChild(li);
    }
    count.textContent = found ? found + (found === 1 ? " match" : " matches") + (found > MAX ? " (first " + MAX + " shown)" : "")
                              : "no resource matches \u201c" + input.value.trim() + "\u201d";
  }
  input.addEventListener("input", show);
  if (input.value) show();
})();
