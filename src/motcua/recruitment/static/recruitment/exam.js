// The round-1 exam screen (vanilla JS, no CDN). The server holds the truth: questions arrive only after
// "start", the deadline is the server's, and every change is POSTed with a client sequence number. Answers
// not yet acknowledged wait in localStorage and are re-sent after a reload or when the network returns.
(function () {
  "use strict";
  var root = document.getElementById("exam");
  if (!root) return;
  var T = JSON.parse(document.getElementById("exam-i18n").textContent);
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var key = root.dataset.storageKey;
  var $ = function (id) { return document.getElementById(id); };
  var state = { session: null, answers: {}, seq: 0, offset: 0, timer: null, flushing: false };
  var pending = load();

  function load() {
    try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function store() {
    try { localStorage.setItem(key, JSON.stringify(pending)); } catch (e) { /* private mode: server still has it */ }
  }
  function fmt(s, args) {
    return s.replace(/%\((\w+)\)s/g, function (_, k) { return args[k]; });
  }
  function api(url, method, body) {
    return fetch(url, {
      method: method || "GET",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, status: r.status, data: data }; });
    });
  }

  function show(session) {
    state.session = session;
    if (session.server_now) state.offset = Date.parse(session.server_now) - Date.now();
    if (session.status === "not_started") { $("intro").hidden = false; return; }
    $("intro").hidden = true;
    if (session.status === "finished") { finished(session); return; }
    var server = session.answers || {};
    state.answers = {};
    Object.keys(server).forEach(function (q) {
      state.answers[q] = server[q];
      state.seq = Math.max(state.seq, server[q].seq);
    });
    Object.keys(pending).forEach(function (q) {  // a local change the server has not acknowledged wins if newer
      if (!state.answers[q] || pending[q].seq > state.answers[q].seq) state.answers[q] = pending[q];
      else delete pending[q];
      state.seq = Math.max(state.seq, pending[q] ? pending[q].seq : 0);
    });
    store();
    render(session.questions);
    tick();
    state.timer = setInterval(tick, 1000);
    flush();
  }

  function render(questions) {
    var list = $("questions"), grid = $("grid");
    list.innerHTML = ""; grid.innerHTML = "";
    questions.forEach(function (q, i) {
      var li = document.createElement("li");
      li.id = "q-" + q.id; li.className = "question"; li.dataset.question = q.id;
      var p = document.createElement("p"); p.className = "question-text"; p.textContent = q.text;
      li.appendChild(p);
      q.choices.forEach(function (text, c) {
        var label = document.createElement("label"); label.className = "choice";
        var input = document.createElement("input");
        input.type = "radio"; input.name = "q" + q.id; input.value = c;
        var a = state.answers[q.id];
        if (a && a.choice === c) input.checked = true;
        input.addEventListener("change", function () { choose(q.id, c); });
        var letter = document.createElement("b"); letter.textContent = "ABCDEFGH"[c] + ". ";
        label.appendChild(input); label.appendChild(letter); label.appendChild(document.createTextNode(text));
        li.appendChild(label);
      });
      list.appendChild(li);
      var link = document.createElement("a");
      link.href = "#q-" + q.id; link.textContent = i + 1; link.id = "nav-" + q.id;
      link.setAttribute("aria-label", fmt(T.question, { n: i + 1 }));
      grid.appendChild(link);
    });
    list.hidden = false; grid.hidden = false; $("actions").hidden = false;
    progress();
  }

  function progress() {
    var qs = state.session.questions, n = 0;
    qs.forEach(function (q) {
      var done = state.answers[q.id] && state.answers[q.id].choice !== null;
      if (done) n++;
      var link = $("nav-" + q.id); if (link) link.classList.toggle("done", !!done);
    });
    $("progress").textContent = fmt(T.answered, { n: n, total: qs.length });
    var waiting = Object.keys(pending).length;
    $("save-state").textContent = waiting ? (navigator.onLine === false ? T.offline : T.saving) : T.saved;
    $("save-state").className = "save-state" + (waiting ? " waiting" : "");
  }

  function choose(question, choice) {
    state.seq += 1;
    var entry = { choice: choice, seq: state.seq };
    state.answers[question] = entry;
    pending[question] = entry;
    store();
    progress();
    flush();
  }

  function flush() {
    if (state.flushing) return;
    var questions = Object.keys(pending);
    if (!questions.length) { progress(); return; }
    state.flushing = true;
    var q = questions[0], entry = pending[q];
    api(root.dataset.answerUrl, "POST", { question: Number(q), choice: entry.choice, seq: entry.seq })
      .then(function (r) {
        state.flushing = false;
        if (r.ok || (r.data && r.data.code === "recruitment_sequence_conflict")) {
          if (pending[q] && pending[q].seq <= entry.seq) delete pending[q];
          store(); progress(); flush();
        } else if (r.data && /time_over|session_finished/.test(r.data.code || "")) {
          pending = {}; store(); refresh();
        } else {
          progress(); setTimeout(flush, 2000);
        }
      })
      .catch(function () { state.flushing = false; progress(); setTimeout(flush, 2000); });
  }

  function tick() {
    var s = state.session;
    if (!s || !s.deadline_at) return;
    var left = Math.max(0, Math.floor((Date.parse(s.deadline_at) - (Date.now() + state.offset)) / 1000));
    $("timer").textContent = String(Math.floor(left / 60)).padStart(2, "0") + ":" + String(left % 60).padStart(2, "0");
    $("timer").classList.toggle("low", left < 300);
    if (left === 0) { clearInterval(state.timer); setTimeout(refresh, 6000); }
  }

  function finished(session) {
    clearInterval(state.timer);
    $("timer").hidden = true;
    $("intro").hidden = true; $("questions").hidden = true; $("grid").hidden = true; $("actions").hidden = true;
    var box = $("result");
    box.hidden = false;
    box.innerHTML = "";
    var h = document.createElement("h2");
    h.textContent = fmt(T.result, { correct: session.correct, total: session.total });
    var p = document.createElement("p");
    p.textContent = session.passed ? T.passed : T.failed;
    box.className = "result " + (session.passed ? "pass" : "fail");
    box.appendChild(h); box.appendChild(p);
    try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
  }

  function refresh() {
    return api(root.dataset.sessionUrl).then(function (r) { if (r.ok) show(r.data); });
  }

  $("start").addEventListener("click", function () {
    api(root.dataset.startUrl, "POST", {}).then(function (r) { if (r.ok) show(r.data); });
  });
  $("finish").addEventListener("click", function () {
    if (!window.confirm(T.confirm)) return;
    var go = function () {
      api(root.dataset.finishUrl, "POST", {}).then(function (r) { if (r.ok) finished(r.data); });
    };
    if (Object.keys(pending).length) { flush(); setTimeout(go, 800); } else { go(); }
  });
  window.addEventListener("online", flush);
  refresh();
})();
