// The class dashboard: one snapshot from GET /api/class, then every update from the SSE stream /api/stream.
// Learner text is only ever set as textContent (never innerHTML), so a learner named <script> shows as text.
(function () {
  "use strict";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function human(seconds) {
    if (!seconds) { return ""; }
    var m = Math.floor(seconds / 60);
    if (m < 1) { return seconds + "s"; }
    if (m < 60) { return m + " min"; }
    return Math.floor(m / 60) + "h" + (m % 60) + "m";
  }

  function stateClass(state) {
    if (state === "check failing") { return "failing"; }
    if (state === "done") { return "done"; }
    if (state.indexOf("idle") === 0) { return "idle"; }
    if (state.indexOf("offline") === 0) { return "offline"; }
    return "working";
  }

  function render(c) {
    document.getElementById("count").textContent = c.learners + (c.learners === 1 ? " learner" : " learners");
    document.getElementById("open").textContent = c.open ? "open up to " + c.open : "every lesson open";
    var body = document.querySelector("#learners tbody");
    body.replaceChildren();
    c.rows.forEach(function (r) {
      var tr = el("tr", stateClass(r.state));
      tr.dataset.learner = r.id;
      tr.appendChild(el("td", "name", r.name));
      tr.appendChild(el("td", "lab", [r.preset, r.provider].filter(Boolean).join(" on ")));
      tr.appendChild(el("td", "where", r.lesson ? r.lesson + (r.step ? " / " + r.step : " (done)") : "not started"));
      var st = r.state + (r.faults && r.faults.length ? " · broke " + r.faults.join(", ") : "");
      tr.appendChild(el("td", "state", st));
      tr.appendChild(el("td", "time", human(r.secondsOnStep)));
      tr.appendChild(el("td", "hints", r.hints || ""));
      tr.appendChild(el("td", "failure", r.lastFailure || ""));
      body.appendChild(tr);
    });
    document.getElementById("empty").hidden = c.rows.length > 0;
    var chart = document.getElementById("chart");
    chart.replaceChildren();
    var max = Math.max(1, c.learners);
    var labels = el("div", "labels");
    c.summary.forEach(function (b) {
      var col = el("div", "col");
      col.title = b.lesson + " — " + b.title + ": " + b.past + " past";
      col.appendChild(el("span", "n", b.past));
      var bar = el("div", "bar");
      bar.style.height = Math.round(100 * b.past / max) + "%";
      col.appendChild(bar);
      chart.appendChild(col);
      labels.appendChild(el("span", null, b.lesson));
    });
    var old = chart.nextElementSibling;
    if (old && old.classList.contains("labels")) { old.remove(); }
    chart.after(labels);
    var msgs = document.getElementById("messages");
    msgs.replaceChildren();
    c.messages.slice(-5).forEach(function (m) { msgs.appendChild(el("li", null, m.text)); });
    document.body.dataset.updated = c.at;
  }

  fetch("/api/class", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(render);
  var live = document.getElementById("live");
  var es = new EventSource("/api/stream");
  es.addEventListener("class", function (e) { render(JSON.parse(e.data)); });
  es.onopen = function () { live.textContent = "live"; live.className = "on"; };
  es.onerror = function () { live.textContent = "reconnecting…"; live.className = "off"; };
}());
