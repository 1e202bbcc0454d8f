// The monitoring dashboard: loads each section from /dashboard/api, draws the KPI and target charts with Chart.js, and
// refreshes a section when /dashboard/events says it changed. Uses the Studio's login token (sessionStorage).
(function () {
  'use strict';
  var cfg = window.agentDashboard || {};
  var tokenKey = 'agent.studio.token', nameKey = 'agent.studio.user';
  var api = '/dashboard/api';
  var state = { charts: {}, targetCharts: {}, loads: 0, events: 0 };
  cfg.state = state;

  function valid(token) {
    try {
      var part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      var claims = JSON.parse(atob(part + '==='.slice((part.length + 3) % 4)));
      return !claims.exp || claims.exp * 1000 > Date.now() + 5000;
    } catch (e) { return false; }
  }
  function toLogin() {
    sessionStorage.removeItem(tokenKey);
    location.replace('/studio/login?returnUrl=' + encodeURIComponent(location.pathname));
  }
  var token = sessionStorage.getItem(tokenKey);
  if (cfg.authEnabled && (!token || !valid(token))) { toLogin(); return; }
  var headers = cfg.authEnabled ? { Authorization: 'Bearer ' + token } : {};
  document.getElementById('dash-user').textContent = cfg.authEnabled ? (sessionStorage.getItem(nameKey) || '') : 'authentication disabled';
  document.getElementById('dash-logout').addEventListener('click', function () { sessionStorage.removeItem(tokenKey); sessionStorage.removeItem(nameKey); });

  function request(method, path, body) {
    var init = { method: method, headers: Object.assign({}, headers) };
    if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
    return fetch(api + path, init).then(function (r) {
      if (r.status === 401) { toLogin(); return new Promise(function () { }); }
      return r.json().catch(function () { return {}; }).then(function (json) {
        if (!r.ok) throw new Error(json.detail || (method + ' ' + path + ' answered ' + r.status));
        return json;
      });
    });
  }
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; }
  function row(cells) { var tr = el('tr'); cells.forEach(function (c) { var td = el('td'); if (c instanceof Node) td.appendChild(c); else td.textContent = c === null || c === undefined ? '—' : String(c); tr.appendChild(td); }); return tr; }
  function fill(id, items, columns, empty, build) {
    var body = document.getElementById(id);
    body.textContent = '';
    if (!items.length) { var tr = el('tr'); var td = el('td', empty, 'dash-empty'); td.colSpan = columns; tr.appendChild(td); body.appendChild(tr); return; }
    items.forEach(function (item) { body.appendChild(build(item)); });
  }
  function when(iso) { return iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) : '—'; }
  function money(v) { return v === null || v === undefined ? '—' : Number(v).toFixed(4); }
  // The KPI canvases stay where they are when a load fails (failed() would replace them), so the next load draws again.
  function kpisFailed(e) { var t = document.getElementById('kpi-error'); t.textContent = 'Could not load: ' + e.message; t.hidden = false; }
  function failed(id) { return function (e) { var t = document.getElementById(id); if (t) { t.textContent = ''; t.appendChild(el('p', 'Could not load: ' + e.message, 'dash-error')); } }; }

  // --- charts ---
  var kpis = [
    { id: 'autonomy', field: 'autonomyRate', label: 'Autonomy rate', max: 1 },
    { id: 'velocity', field: 'improvementsPerDay', label: 'Accepted per day' },
    { id: 'recovery', field: 'errorRecoveryRate', label: 'Error recovery rate', max: 1 },
    { id: 'learning', field: 'attemptsPerSuccess', label: 'Attempts per success' },
    { id: 'resources', field: 'usdPerAccepted', label: 'USD per accepted' }
  ];
  function lineChart(canvas, labels, datasets, max) {
    return new Chart(canvas, {
      type: 'line',
      data: { labels: labels, datasets: datasets },
      options: { animation: false, responsive: true, maintainAspectRatio: false, spanGaps: true,
        scales: { y: { beginAtZero: true, suggestedMax: max } }, plugins: { legend: { display: datasets.length > 1 } } }
    });
  }
  function loadKpis() {
    return request('GET', '/kpis').then(function (result) {
      var points = result.points || [];
      document.getElementById('kpi-error').hidden = true;
      document.getElementById('kpi-empty').hidden = points.length > 0;
      document.getElementById('kpi-charts').hidden = points.length === 0;
      var labels = points.map(function (p) { return p.day; });
      kpis.forEach(function (k) {
        var data = points.map(function (p) { return p[k.field]; });
        var chart = state.charts[k.id];
        if (chart) { chart.data.labels = labels; chart.data.datasets[0].data = data; chart.update(); return; }
        state.charts[k.id] = lineChart(document.getElementById('chart-' + k.id), labels, [{ label: k.label, data: data, borderColor: '#2563eb', backgroundColor: '#2563eb', pointRadius: 4 }], k.max);
      });
    });
  }
  var palette = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#d97706', '#0891b2'];
  function loadTargets() {
    return request('GET', '/targets').then(function (result) {
      var box = document.getElementById('targets');
      Object.keys(state.targetCharts).forEach(function (k) { state.targetCharts[k].destroy(); });
      state.targetCharts = {};
      box.textContent = '';
      if (!result.targets.length) { box.appendChild(el('p', 'No measurements yet: each cycle measures its target first.', 'dash-empty')); return; }
      result.targets.forEach(function (t) {
        var figure = el('figure');
        figure.setAttribute('data-target', t.target);
        var caption = t.target + (t.securityScore === null || t.securityScore === undefined ? '' : ' · Security Score ' + t.securityScore);
        figure.appendChild(el('figcaption', caption));
        var canvas = el('canvas');
        figure.appendChild(canvas);
        box.appendChild(figure);
        var labels = t.points.map(function (p) { return when(p.at); });
        var datasets = result.metrics.filter(function (m) { return t.points.some(function (p) { return m in p.metrics; }); }).map(function (m, i) {
          return { label: m, data: t.points.map(function (p) { return m in p.metrics ? p.metrics[m] : null; }), borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], pointRadius: 4 };
        });
        state.targetCharts[t.target] = lineChart(canvas, labels, datasets);
      });
    });
  }

  // --- tables ---
  function showDiff(cycle) {
    request('GET', '/cycles/' + encodeURIComponent(cycle.instanceId) + '/diff').then(function (d) {
      document.getElementById('diff-title').textContent = d.commit + ' in ' + d.target + (d.truncated ? ' (cut)' : '');
      document.getElementById('diff-text').textContent = d.text;
      document.getElementById('diff').hidden = false;
    }).catch(function (e) { alert(e.message); });
  }
  document.getElementById('diff-close').addEventListener('click', function () { document.getElementById('diff').hidden = true; });
  function loadCycles() {
    return request('GET', '/cycles').then(function (items) {
      fill('cycles', items, 6, 'No cycles yet.', function (c) {
        var commit = c.commit ? el('a', c.commit.slice(0, 10)) : el('span', '—');
        if (c.commit) { commit.href = '#'; commit.className = 'dash-diff-link'; commit.addEventListener('click', function (e) { e.preventDefault(); showDiff(c); }); }
        var tr = row([when(c.createdAt), el('span', c.status, 'dash-status-' + c.status), el('span', c.outcome || '—', 'dash-outcome-' + c.outcome), c.target, money(c.costUsd), commit]);
        tr.setAttribute('data-instance', c.instanceId);
        return tr;
      });
    });
  }
  function decide(p, decision, comment, buttons) {
    buttons.forEach(function (b) { b.disabled = true; });
    request('POST', '/approvals/' + encodeURIComponent(p.id), { decision: decision, comment: comment.value }).then(function () { refresh(['approvals', 'cycles']); })
      .catch(function (e) { alert(e.message); buttons.forEach(function (b) { b.disabled = false; }); refresh(['approvals']); });
  }
  function loadApprovals() {
    return request('GET', '/approvals').then(function (items) {
      fill('approvals', items, 6, 'No approvals waiting.', function (p) {
        var comment = el('input'); comment.placeholder = 'why (optional)';
        var approve = el('button', 'Approve', 'dash-approve'), reject = el('button', 'Reject', 'dash-reject');
        var buttons = el('span'); buttons.appendChild(approve); buttons.appendChild(document.createTextNode(' ')); buttons.appendChild(reject);
        approve.addEventListener('click', function () { decide(p, 'approve', comment, [approve, reject]); });
        reject.addEventListener('click', function () { decide(p, 'reject', comment, [approve, reject]); });
        var tr = row([when(p.createdAt), p.title || p.activityId, p.diffStat, p.instanceId, comment, buttons]);
        tr.setAttribute('data-approval', p.id);
        return tr;
      });
    });
  }
  function loadJobs() {
    return request('GET', '/jobs').then(function (items) {
      fill('jobs', items, 6, 'No Claude jobs yet.', function (j) { return row([j.id, j.state, when(j.createdAt), j.turns, money(j.costUsd), j.error || j.lastEvent]); });
    });
  }
  function loadIncidents() {
    return request('GET', '/incidents').then(function (items) {
      fill('incidents', items, 4, 'No incidents.', function (i) { return row([when(i.occurredAt), i.kind, i.message, i.repository]); });
    });
  }
  function loadCapabilities() {
    return request('GET', '/capabilities').then(function (items) {
      fill('capabilities', items, 5, 'No capabilities mapped yet: run \'agent capabilities scan\'.', function (t) { return row([t.server, t.name, (t.capabilities || []).join(', '), t.description, when(t.lastSeen)]); });
    });
  }
  function loadBudget() {
    return request('GET', '/budget').then(function (items) {
      var box = document.getElementById('budget');
      box.textContent = '';
      items.forEach(function (b) {
        var limit = [b.maxUsd > 0 ? money(b.spentUsd) + ' of ' + money(b.maxUsd) + ' USD' : money(b.spentUsd) + ' USD (no USD limit)',
          b.maxTokens > 0 ? b.spentTokens + ' of ' + b.maxTokens + ' tokens' : b.spentTokens + ' tokens (no token limit)'].join(' · ');
        var line = el('div', b.name + ' ' + b.key + ': ' + limit + ' · ' + b.runs + ' run(s)');
        line.setAttribute('data-budget', b.name);
        box.appendChild(line);
        var bar = el('div', null, 'dash-bar'), fillBar = el('div', null, (b.percent || 0) >= 90 ? 'hot' : '');
        fillBar.style.width = Math.min(100, b.percent || 0) + '%';
        bar.title = b.percent === null || b.percent === undefined ? 'no limit set' : b.percent.toFixed(1) + '% used';
        bar.appendChild(fillBar); box.appendChild(bar);
        if (b.exhausted) box.appendChild(el('p', b.exhausted, 'dash-error'));
      });
    });
  }
  var stopButton = document.getElementById('stop-button');
  function loadStop() {
    return request('GET', '/stop').then(function (s) {
      var text = document.getElementById('stop-state');
      stopButton.disabled = false;
      stopButton.setAttribute('data-engaged', String(s.engaged));
      if (s.engaged) {
        text.textContent = 'ENGAGED by ' + s.by + ' at ' + when(s.at) + (s.reason ? ': ' + s.reason : '');
        text.className = 'dash-engaged';
        stopButton.textContent = 'Release the stop';
        stopButton.className = 'dash-stop released';
      } else {
        text.textContent = 'Not engaged: cycles and Claude runs may start.';
        text.className = 'dash-muted';
        stopButton.textContent = 'EMERGENCY STOP';
        stopButton.className = 'dash-stop';
      }
    });
  }
  stopButton.addEventListener('click', function () {
    var engaged = stopButton.getAttribute('data-engaged') === 'true';
    var question = engaged ? 'Release the emergency stop? Cycles and Claude runs may start again.'
      : 'Engage the emergency stop? Every running Claude run is killed, running cycles are cancelled and nothing new starts until it is released.';
    if (!confirm(question)) return;
    stopButton.disabled = true;
    request('POST', '/stop', { action: engaged ? 'release' : 'engage', reason: 'from the dashboard' }).then(function () { refresh(['stop', 'cycles', 'jobs']); })
      .catch(function (e) { alert(e.message); stopButton.disabled = false; });
  }, false);

  // --- loading and live updates ---
  var loaders = {
    cycles: function () { return Promise.all([loadCycles().catch(failed('cycles')), loadKpis().catch(kpisFailed), loadTargets().catch(failed('targets'))]); },
    approvals: function () { return loadApprovals().catch(failed('approvals')); },
    jobs: function () { return loadJobs().catch(failed('jobs')); },
    incidents: function () { return loadIncidents().catch(failed('incidents')); },
    budget: function () { return loadBudget().catch(failed('budget')); },
    stop: function () { return loadStop().catch(failed('stop-state')); },
    capabilities: function () { return loadCapabilities().catch(failed('capabilities')); }
  };
  function refresh(topics) {
    return Promise.all(topics.filter(function (t) { return loaders[t]; }).map(function (t) { return loaders[t](); }))
      .then(function () { state.loads++; document.body.setAttribute('data-loads', String(state.loads)); });
  }
  var live = document.getElementById('dash-live');
  function listen() {
    // fetch, not EventSource: EventSource cannot send the Authorization header the API requires.
    fetch('/dashboard/events', { headers: headers }).then(function (r) {
      if (r.status === 401) { toLogin(); return; }
      if (!r.ok || !r.body) throw new Error('events answered ' + r.status);
      var reader = r.body.getReader(), decoder = new TextDecoder(), buffer = '';
      function read() {
        return reader.read().then(function (chunk) {
          if (chunk.done) throw new Error('the event stream ended');
          buffer += decoder.decode(chunk.value, { stream: true });
          var end;
          while ((end = buffer.indexOf('\n\n')) >= 0) { handle(buffer.slice(0, end)); buffer = buffer.slice(end + 2); }
          return read();
        });
      }
      return read();
    }).catch(function () {
      live.textContent = 'reconnecting…'; live.className = 'dash-live off';
      setTimeout(listen, 2000);
    });
  }
  function handle(message) {
    var event = 'message', data = '';
    message.split('\n').forEach(function (line) {
      if (line.indexOf('event:') === 0) event = line.slice(6).trim();
      else if (line.indexOf('data:') === 0) data += line.slice(5).trim();
    });
    if (event === 'ready') {
      live.textContent = 'live'; live.className = 'dash-live on';
      // The stream compares against what it read when it opened; load once more so nothing that changed between the
      // first load (or while the stream was away) and then is missed.
      state.events++;
      refresh(Object.keys(loaders));
    } else if (event === 'change') {
      refresh(JSON.parse(data).topics || []);
    }
  }
  if (typeof Chart === 'undefined') {
    document.getElementById('kpi-charts').textContent = 'Chart.js is not installed on this server; run tools/dashboard/ensure-installed.sh (./run.sh does) and reload.';
  }
  refresh(Object.keys(loaders)).then(listen);
})();
