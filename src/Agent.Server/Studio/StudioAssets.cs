namespace Agent.Server.Studio;

/// <summary>Our script and stylesheet for the host pages (the header, login, navigation between the Studio elements).</summary>
public static class StudioAssets
{
    /// <summary>
    /// Runs on every host page: sends the visitor to the login page without a valid token, shows the user, then creates
    /// the page's one Studio element once Blazor has defined it, with the API address, the token and the navigation
    /// callbacks (a JavaScript function per event parameter, named in camelCase as Blazor custom elements expect).
    /// </summary>
    public const string Script = """
        (function () {
          'use strict';
          var cfg = window.agentStudio || {};
          var tokenKey = 'agent.studio.token', nameKey = 'agent.studio.user';
          function valid(token) {
            try {
              var part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
              var claims = JSON.parse(atob(part + '==='.slice((part.length + 3) % 4)));
              return !claims.exp || claims.exp * 1000 > Date.now() + 5000;
            } catch (e) { return false; }
          }
          var token = sessionStorage.getItem(tokenKey);
          if (cfg.authEnabled && (!token || !valid(token))) {
            sessionStorage.removeItem(tokenKey);
            location.replace('login?returnUrl=' + encodeURIComponent(location.pathname + location.search));
            return;
          }
          window.agentStudioToken = token;
          var user = document.getElementById('agent-user');
          if (user) user.textContent = cfg.authEnabled ? (sessionStorage.getItem(nameKey) || '') : 'authentication disabled';
          var logout = document.getElementById('agent-logout');
          if (logout) logout.addEventListener('click', function (e) {
            e.preventDefault();
            sessionStorage.removeItem(tokenKey); sessionStorage.removeItem(nameKey);
            location.href = 'login';
          });
          // A token can be well-formed and unexpired yet refused (e.g. signed by a server that restarted with a new
          // key); the elements would then only show errors, so ask once and go to the login page when refused.
          var ready = !cfg.authEnabled ? Promise.resolve() :
            fetch(cfg.apiBase + '/package/version', { headers: { Authorization: 'Bearer ' + token } }).then(function (r) {
              if (r.status === 401) {
                sessionStorage.removeItem(tokenKey);
                location.replace('login?returnUrl=' + encodeURIComponent(location.pathname + location.search));
                return new Promise(function () { });
              }
            });
          window.agentStudioReady = ready;
          if (!cfg.element) return;
          // An element that navigates by itself (Blazor's NavigationManager, history.pushState) only changes the address
          // bar; load the address for real so the server sends the page that shows it.
          var shownPath = location.pathname;
          var follow = function () { if (location.pathname !== shownPath) location.replace(location.href); };
          ['pushState', 'replaceState'].forEach(function (name) {
            var original = history[name];
            history[name] = function () { var result = original.apply(this, arguments); setTimeout(follow, 0); return result; };
          });
          window.addEventListener('popstate', follow);
          ready.then(function () { return customElements.whenDefined(cfg.element); }).then(function () {
            var el = document.createElement(cfg.element);
            el.setAttribute('remote-endpoint', location.origin + cfg.apiBase);
            if (token) el.setAttribute('access-token', token);
            Object.keys(cfg.attributes || {}).forEach(function (k) { el.setAttribute(k, cfg.attributes[k]); });
            Object.keys(cfg.events || {}).forEach(function (prop) {
              el[prop] = function (arg) {
                var id = typeof arg === 'string' ? arg : (arg && (arg.definitionId || arg.id)) || '';
                location.href = cfg.events[prop].replace('{id}', encodeURIComponent(id));
                return Promise.resolve();
              };
            });
            document.getElementById('agent-main').appendChild(el);
            document.body.setAttribute('data-studio-element', cfg.element);
          });
        })();
        """;

    /// <summary>The header, the login form and the approvals table; Blazor's error bar stays hidden until Blazor shows it.</summary>
    public const string Stylesheet = """
        body { margin: 0; font-family: Roboto, Helvetica, Arial, sans-serif; }
        .agent-header { display: flex; align-items: center; gap: 1.25rem; padding: .5rem 1rem; background: #1f2937; color: #f9fafb; }
        .agent-header a { color: #e5e7eb; text-decoration: none; } .agent-header a:hover { text-decoration: underline; }
        .agent-header .agent-brand { font-weight: 600; } .agent-header .agent-spacer { flex: 1; }
        #agent-main { height: calc(100vh - 2.6rem); overflow: auto; }
        .agent-login { max-width: 22rem; margin: 4rem auto; display: flex; flex-direction: column; gap: .75rem; }
        .agent-login input, .agent-login button { padding: .5rem; font-size: 1rem; }
        .agent-error { color: #b91c1c; min-height: 1.2rem; }
        .agent-table { border-collapse: collapse; margin: 1rem; } .agent-table td, .agent-table th { border: 1px solid #d1d5db; padding: .35rem .6rem; }
        #blazor-error-ui { display: none; position: fixed; bottom: 0; left: 0; right: 0; padding: .6rem 1rem; background: #fef3c7; z-index: 1000; }
        """;

    /// <summary>The login form: posts to the API's login endpoint and keeps the token for this browser tab.</summary>
    public const string LoginScript = """
        (function () {
          'use strict';
          var form = document.getElementById('agent-login');
          form.addEventListener('submit', function (e) {
            e.preventDefault();
            var error = document.getElementById('agent-login-error');
            error.textContent = '';
            fetch(window.agentStudio.apiBase + '/identity/login', {
              method: 'POST', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ username: form.username.value, password: form.password.value })
            }).then(function (r) {
              return r.json().then(function (body) { return { ok: r.ok, body: body }; });
            }).then(function (result) {
              if (!result.ok || !result.body.accessToken) { error.textContent = (result.body && result.body.detail) || 'Login failed.'; return; }
              sessionStorage.setItem('agent.studio.token', result.body.accessToken);
              sessionStorage.setItem('agent.studio.user', result.body.name || form.username.value);
              var back = new URLSearchParams(location.search).get('returnUrl');
              location.href = back && (back.indexOf('/studio/') === 0 || back.indexOf('/dashboard') === 0) && back.indexOf('//') < 0 ? back : 'definitions';
            }).catch(function () { error.textContent = 'The server did not answer; is it running?'; });
          });
        })();
        """;

    /// <summary>
    /// The approvals page: lists pending bookmarks of an activity type through the API, each with the decision records of
    /// its cycle (principles checked, evidence, outcome), so the person deciding sees why the agent asked.
    /// </summary>
    public const string ApprovalsScript = """
        (function () {
          'use strict';
          var cfg = window.agentStudio;
          var headers = window.agentStudioToken ? { Authorization: 'Bearer ' + window.agentStudioToken } : {};
          var body = document.getElementById('agent-approvals');
          // The agent's own routes (/api/...) sit beside the Elsa API (/elsa/api) under the same authentication.
          var agentApi = cfg.apiBase.replace(/\/elsa\/api$/, '') + '/api';
          function cell(tr) { var td = document.createElement('td'); tr.appendChild(td); return td; }
          function showDecisions(td, records) {
            if (!records.length) { td.textContent = '—'; return; }
            records.forEach(function (d) {
              var head = document.createElement('div');
              head.className = 'agent-decision agent-decision-' + d.outcome;
              head.textContent = d.kind + ': ' + d.outcome + ' — ' + (d.reasons || []).join('; ');
              td.appendChild(head);
              var list = document.createElement('ul');
              (d.principles || []).forEach(function (p) {
                var li = document.createElement('li');
                li.textContent = p.principle + ': ' + p.outcome + ' — ' + (p.evidence || []).join('; ');
                list.appendChild(li);
              });
              td.appendChild(list);
            });
          }
          (window.agentStudioReady || Promise.resolve()).then(function () { return fetch(cfg.apiBase + '/bookmarks/pending?activityType=' + encodeURIComponent(cfg.activityType), { headers: headers }); })
            .then(function (r) { return r.json(); })
            .then(function (result) {
              var items = result.items || [];
              document.getElementById('agent-approvals-count').textContent = items.length + ' pending';
              items.forEach(function (p) {
                var tr = document.createElement('tr');
                [p.definitionId + ' v' + p.version, p.activityName || p.activityId, p.createdAt, p.bookmarkId].forEach(function (text) {
                  cell(tr).textContent = text;
                });
                var decisions = cell(tr);
                decisions.textContent = '…';
                fetch(agentApi + '/decisions/' + encodeURIComponent(p.workflowInstanceId), { headers: headers })
                  .then(function (r) { return r.status === 404 ? [] : r.ok ? r.json() : Promise.reject(r.status); })
                  .then(function (records) { decisions.textContent = ''; showDecisions(decisions, records); })
                  .catch(function () { decisions.textContent = 'decision records could not be read'; });
                var link = document.createElement('a'); link.href = 'instances/' + encodeURIComponent(p.workflowInstanceId); link.textContent = 'open instance';
                cell(tr).appendChild(link);
                body.appendChild(tr);
              });
            });
        })();
        """;
}
