// The dashboard page: polls the console and renders with textContent only (never innerHTML), so nothing a
// backend, a rule file or an audit reason contains can become markup. Every call sends the session's CSRF value.
(function () {
    'use strict';

    var csrf = document.querySelector('meta[name="strangler-csrf"]').getAttribute('content');
    var POLL_MS = 2000;
    var SYNC_POLL_MS = 5000;
    // Plans less often: each read decides the current gates on live figures, cdc-sync's verifier included.
    var PLANS_POLL_MS = 15000;
    var latest = null;        // the last overview, for etags and the confirmation text
    var pending = null;       // the switch awaiting confirmation
    var planMove = null;      // the plan move awaiting confirmation in the dialog

    function $(id) { return document.getElementById(id); }

    function el(tag, className, children) {
        var node = document.createElement(tag);
        if (className) { node.className = className; }
        (children || []).forEach(function (child) {
            node.appendChild(typeof child === 'string' || typeof child === 'number'
                ? document.createTextNode(String(child)) : child);
        });
        return node;
    }

    function cell(text, className) { return el('td', className, [text === null || text === undefined ? '' : String(text)]); }

    // What each region last drew, as JSON of the figures it shows: a poll that brings the same figures leaves the
    // region's elements in place, so a reader's text selection, focus and a screen reader's place survive the poll.
    var drawn = {};

    function drawWhenChanged(region, shown, draw) {
        var key = JSON.stringify(shown);
        if (drawn[region] === key) { return; }
        drawn[region] = key;
        draw();
    }

    function replaceRows(tbody, rows) {
        while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
        rows.forEach(function (row) { tbody.appendChild(row); });
    }

    function percent(share) { return (Math.round(share * 1000) / 10) + ' %'; }

    function modeText(mode, pct) { return mode === 'CANARY' ? 'CANARY ' + pct + '%' : mode; }

    function modeBadge(mode, pct) { return el('span', 'mode mode-' + mode, [modeText(mode, pct)]); }

    function api(method, url, body, extraHeaders) {
        var headers = { 'X-Strangler-Csrf': csrf, 'Accept': 'application/json' };
        Object.keys(extraHeaders || {}).forEach(function (k) { headers[k] = extraHeaders[k]; });
        var init = { method: method, headers: headers, credentials: 'same-origin', cache: 'no-store' };
        if (body !== undefined) {
            headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
        }
        return fetch(url, init).then(function (response) {
            if (response.status === 401) {
                window.location.assign('/dashboard/login');
                throw new Error('Your session has ended: sign in again.');
            }
            return response.text().then(function (text) {
                var data = null;
                try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
                return { status: response.status, ok: response.ok, data: data };
            });
        });
    }

    function renderMigrated(m) {
        $('migrated-endpoints').textContent = percent(m.byEndpoints);
        $('migrated-endpoints-detail').textContent = (Math.round(m.endpointsOnServices * 100) / 100) + ' of '
            + m.endpoints + ' endpoint rules served by services (a canary counts by its percent)';
        $('migrated-requests').textContent = percent(m.byRequests);
        $('migrated-requests-detail').textContent = m.requestsToServices + ' of ' + m.requests
            + ' proxied requests answered by services';
    }

    function renderCatalogue(rules) {
        replaceRows(document.querySelector('#catalogue tbody'), rules.map(function (r) {
            var row = el('tr', null, [
                el('th', null, [el('code', null, [r.id])]),
                cell(r.methods.join(' ')),
                el('td', 'path', [r.path]),
                cell(r.backend),
                el('td', null, [modeBadge(r.mode, r.percent)]),
                cell(r.why)
            ]);
            row.firstChild.setAttribute('scope', 'row');
            row.setAttribute('data-rule', r.id);
            return row;
        }));
        var select = $('switch-rule');
        var ids = rules.map(function (r) { return r.id; });
        var current = Array.prototype.map.call(select.options, function (o) { return o.value; });
        if (ids.join('|') !== current.join('|')) {
            var chosen = select.value;
            while (select.firstChild) { select.removeChild(select.firstChild); }
            ids.forEach(function (id) { var o = el('option', null, [id]); o.value = id; select.appendChild(o); });
            if (ids.indexOf(chosen) >= 0) { select.value = chosen; }
        }
    }

    function renderTraffic(rules, unmatched) {
        var rows = rules.map(function (r) { return trafficRow(r.id, r.traffic); });
        rows.push(trafficRow('(no rule: monolith)', unmatched));
        replaceRows(document.querySelector('#traffic tbody'), rows);
    }

    function trafficRow(name, t) {
        var parts = Object.keys(t.byTarget).map(function (target) { return target + ': ' + t.byTarget[target]; });
        var row = el('tr', null, [el('th', null, [name]), cell(t.requests, 'number'), cell(parts.join(', ') || '–'),
            cell(t.failed, 'number'), cell(t.fallbacks, 'number'), cell(t.rollbacks, 'number')]);
        row.firstChild.setAttribute('scope', 'row');
        return row;
    }

    function renderShadow(rules) {
        replaceRows(document.querySelector('#shadow tbody'), rules.map(function (r) {
            var s = r.shadow;
            var row = el('tr', null, [el('th', null, [r.id]), el('td', null, [modeBadge(r.mode, r.percent)]),
                cell(s.compared, 'number'), cell(s.differed, 'number'), cell(s.failed, 'number'),
                cell(s.skipped, 'number'), cell(s.compared ? percent(s.diffRate) : '–', 'number')]);
            row.firstChild.setAttribute('scope', 'row');
            return row;
        }));
        var holder = $('shadow-diffs');
        while (holder.firstChild) { holder.removeChild(holder.firstChild); }
        holder.className = 'diffs';
        rules.filter(function (r) { return r.shadow.latestDiffs.length > 0; }).forEach(function (r) {
            holder.appendChild(el('h3', null, ['Latest diffs: ' + r.id]));
            var table = el('table', null, [el('caption', null, ['Newest first; values side by side (monolith | service).']),
                el('thead', null, [el('tr', null, ['When', 'Request', 'JSON path', 'Monolith', 'Service'].map(function (h) {
                    var th = el('th', null, [h]); th.setAttribute('scope', 'col'); return th;
                }))])]);
            var tbody = el('tbody');
            r.shadow.latestDiffs.slice(0, 10).forEach(function (d) {
                d.differences.forEach(function (x) {
                    tbody.appendChild(el('tr', null, [cell(new Date(d.at).toLocaleTimeString()),
                        el('td', 'path', [d.method + ' ' + d.path]), el('td', 'path', [x.path]),
                        cell(x.monolith, 'value'), cell(x.service, 'value')]));
                });
            });
            table.appendChild(tbody);
            holder.appendChild(table);
        });
    }

    function renderAudit(entries) {
        var list = $('audit');
        while (list.firstChild) { list.removeChild(list.firstChild); }
        if (entries.length === 0) { list.appendChild(el('li', null, ['No switches yet.'])); return; }
        entries.slice().reverse().forEach(function (e) {
            var time = el('time', null, [new Date(e.at).toLocaleString()]);
            time.setAttribute('datetime', e.at);
            list.appendChild(el('li', null, [time, ' ', el('strong', null, [e.actor]), ' switched ',
                el('code', null, [e.rule]), ' from ' + modeText(e.fromMode, e.fromPercent) + ' to '
                    + modeText(e.toMode, e.toPercent), el('span', 'why', ['Why: ' + e.reason])]));
        });
    }

    function renderSync(sync) {
        var status = $('sync-status');
        var tbody = document.querySelector('#sync tbody');
        $('sync').hidden = !sync.reachable;
        if (!sync.reachable) {
            status.textContent = sync.reason;
            status.className = 'message';
            replaceRows(tbody, []);
            return;
        }
        status.className = '';
        status.textContent = sync.pipelines.length + ' pipeline(s) at ' + sync.url + '.';
        replaceRows(tbody, sync.pipelines.map(function (p) {
            var lag = (typeof p.lagMillis === 'number') ? (p.lagMillis + ' ms') : '–';
            var wal = (typeof p.retainedWalBytes === 'number')
                ? ((p.retainedWalBytes / 1048576).toFixed(1) + ' MiB') : '–';
            var row = el('tr', null, [el('th', null, [p.name || '?']), cell(p.direction),
                cell(p.runsOn ? p.state + ' (Kafka Connect at ' + p.runsOn + ')' : p.state),
                cell(lag, 'number'), strayCell(p.strayWrites), cell(wal, 'number'), cell(p.lastError || '')]);
            row.firstChild.setAttribute('scope', 'row');
            return row;
        }));
    }

    // Stray writes: writes to the shared tables that did not come from sync; shown when cdc-sync watches for them.
    function strayCell(stray) {
        if (!stray) { return cell('–'); }
        var open = (typeof stray.unresolved === 'number') ? stray.unresolved : stray.count;
        var text = (typeof stray.unresolved === 'number') ? (stray.unresolved + ' / ' + stray.count) : String(stray.count);
        var td = el('td', open > 0 ? 'stray' : null, [text]);
        if (stray.last.length > 0) {
            td.appendChild(el('ul', 'stray-writes', stray.last.map(function (w) { return el('li', null, [w]); })));
        }
        return td;
    }

    function renderPlans(view) {
        var status = $('plans-status');
        var holder = $('plans');
        while (holder.firstChild) { holder.removeChild(holder.firstChild); }
        if (!view.connected) {
            status.className = 'message';
            status.textContent = 'Plans are not connected' + (view.url ? ' (' + view.url + ')' : '') + ': ' + view.reason;
            return;
        }
        status.className = '';
        status.textContent = view.plans.length + ' plan(s)'
            + '; gates re-checked every ' + (PLANS_POLL_MS / 1000) + ' s.';
        view.plans.forEach(function (plan) { holder.appendChild(planArticle(plan)); });
    }

    function planArticle(plan) {
        var titleId = 'plan-' + plan.name + '-title';
        var title = el('h3', null, [plan.name + ' → ' + plan.service]);
        title.id = titleId;
        var article = el('article', 'plan', [title, el('p', 'why', [plan.why])]);
        article.setAttribute('aria-labelledby', titleId);
        article.setAttribute('data-plan', plan.name);

        var current = plan.current.index;
        var timeline = el('ol', 'phases');
        timeline.setAttribute('aria-label', 'Phases of ' + plan.name);
        plan.phases.forEach(function (phase, i) {
            var state = i < current ? 'done' : (i === current ? 'current' : 'todo');
            var routes = Object.keys(phase.routes).map(function (rule) { return rule + ' ' + phase.routes[rule]; });
            var item = el('li', 'phase phase-' + state, [
                el('span', 'phase-step', [(i + 1) + '. ' + (state === 'done' ? 'done' : state === 'current' ? 'current' : 'to come')]),
                el('strong', 'phase-name', [phase.name]),
                el('span', 'phase-why', [phase.why]),
                el('span', 'phase-routes', [routes.join(', ') + '; sync ' + phase.sync])]);
            item.setAttribute('data-phase', phase.name);
            if (state === 'current') { item.setAttribute('aria-current', 'step'); }
            timeline.appendChild(item);
        });
        article.appendChild(timeline);

        article.appendChild(el('p', 'plan-where', [current < 0
            ? 'Not started: advancing applies ' + plan.next + '.'
            : 'In phase ' + plan.current.phase + ' since ' + new Date(plan.current.enteredAt).toLocaleString()
                + ' (by ' + plan.current.actor + ').']));

        if (!plan.engines.reachable) {
            article.appendChild(el('p', 'message', ['Gates cannot be decided: ' + plan.engines.reason]));
        } else if (current >= 0) {
            // The last phase's gates are the decommission proof (strangler plan retire-check): windows ending now.
            var table = el('table', 'gates', [el('caption', null, ['Gates of ' + plan.current.phase
                + (plan.next ? ', to hold before advancing to ' + plan.next + ' (figures since the phase began)'
                    : ', the last phase: the proof that the monolith\'s module may be deleted')]),
                el('thead', null, [el('tr', null, ['Gate', 'Verdict', 'Figure', 'Bound'].map(function (h) {
                    var th = el('th', null, [h]); th.setAttribute('scope', 'col'); return th;
                }))])]);
            var tbody = el('tbody');
            if (plan.gates.length === 0) {
                tbody.appendChild(el('tr', null, [el('td', null, ['No gates in this phase.'])]));
                tbody.firstChild.firstChild.setAttribute('colspan', '4');
            }
            plan.gates.forEach(function (g) {
                var row = el('tr', 'gate-' + g.verdict, [el('th', null, [g.gate]),
                    el('td', null, [el('span', 'verdict verdict-' + g.verdict, [g.verdict])]),
                    cell(g.figure), cell(g.bound)]);
                row.firstChild.setAttribute('scope', 'row');
                tbody.appendChild(row);
                // Per-endpoint counts, the latest stray writes, the writers left: what to act on.
                if (g.details && g.details.length > 0) {
                    var details = el('td', null, [el('ul', 'gate-details', g.details.slice(0, 10).map(function (d) {
                        return el('li', null, [d]);
                    }))]);
                    details.setAttribute('colspan', '4');
                    tbody.appendChild(el('tr', 'gate-details-row', [details]));
                }
            });
            table.appendChild(tbody);
            article.appendChild(table);
        }

        var advance = el('button', null, [plan.next ? 'Advance to ' + plan.next + '…' : 'Last phase reached']);
        advance.type = 'button';
        advance.className = 'plan-advance';
        advance.disabled = !plan.next;
        advance.addEventListener('click', function () { openPlanDialog(plan, 'advance'); });
        var back = el('button', null, [plan.previous ? 'Roll back to ' + plan.previous + '…' : 'Nothing to roll back to']);
        back.type = 'button';
        back.className = 'plan-rollback secondary';
        back.disabled = !plan.previous;
        back.addEventListener('click', function () { openPlanDialog(plan, 'rollback'); });
        article.appendChild(el('div', 'plan-actions', [advance, ' ', back]));
        return article;
    }

    function phaseNamed(plan, name) {
        return plan.phases.filter(function (p) { return p.name === name; })[0];
    }

    function openPlanDialog(plan, action) {
        var target = phaseNamed(plan, action === 'advance' ? plan.next : plan.previous);
        var from = plan.current.phase || 'not started';
        var routes = Object.keys(target.routes).map(function (rule) { return rule + ' ' + target.routes[rule]; });
        planMove = { plan: plan.name, action: action, to: target.name };
        $('plan-dialog-title').textContent = (action === 'advance' ? 'Advance ' : 'Roll back ') + plan.name
            + ' from ' + from + ' to ' + target.name + '?';
        $('plan-dialog-text').textContent = target.name + ': ' + target.why.replace(/\.$/, '') + '. Routes: '
            + routes.join(', ') + '; sync ' + target.sync + '.';
        var failing = (plan.gates || []).filter(function (g) { return g.verdict !== 'PASSED'; });
        $('plan-dialog-gates').textContent = action === 'rollback'
            ? 'A rollback checks no gates: it is the way out.'
            : (failing.length === 0 ? 'Every gate of ' + from + ' holds now; they are checked again on confirm.'
                : 'Gates that do not hold now (the plan API will refuse): ' + failing.map(function (g) {
                    return g.gate + ' ' + g.figure + ', bound ' + g.bound;
                }).join('; '));
        $('plan-dialog-error').textContent = '';
        $('plan-reason').value = '';
        $('plan-confirm').textContent = action === 'advance' ? 'Advance to ' + target.name : 'Roll back to ' + target.name;
        $('plan-dialog').showModal();
        $('plan-reason').focus();
    }

    function closePlanDialog() {
        planMove = null;
        if ($('plan-dialog').open) { $('plan-dialog').close(); }
    }

    function confirmPlanMove(event) {
        event.preventDefault();
        if (!planMove) { return; }
        var reason = $('plan-reason').value.trim();
        if (!reason) {
            $('plan-dialog-error').textContent = 'A reason is required: it goes into the audit logs.';
            $('plan-reason').focus();
            return;
        }
        var move = planMove;
        closePlanDialog();
        var result = $('plan-result');
        result.className = 'message';
        result.textContent = (move.action === 'advance' ? 'Advancing ' : 'Rolling back ') + move.plan + '…';
        api('POST', '/dashboard/plans/' + encodeURIComponent(move.plan) + '/' + move.action, { reason: reason })
            .then(function (response) {
                if (response.ok) {
                    result.className = 'message ok';
                    result.textContent = move.plan + ' is now in phase ' + response.data.to + '.';
                } else {
                    result.className = 'message';
                    result.textContent = 'Refused: ' + ((response.data && response.data.detail) || ('HTTP ' + response.status));
                }
                return Promise.all([refreshPlans(), refresh()]);
            })
            .catch(function (error) { result.className = 'message'; result.textContent = 'Failed: ' + error.message; });
    }

    function refreshPlans() {
        return api('GET', '/dashboard/plans').then(function (result) {
            if (result.ok) { drawWhenChanged('plans', result.data, function () { renderPlans(result.data); }); }
        }).catch(function () { /* the main refresh reports connection problems */ });
    }

    function refresh() {
        return Promise.all([api('GET', '/dashboard/overview'), api('GET', '/dashboard/audit')])
            .then(function (results) {
                var overview = results[0];
                var audit = results[1];
                if (!overview.ok || !audit.ok) { throw new Error('The console answered ' + overview.status + '/' + audit.status); }
                latest = overview.data;
                var rules = latest.rules;
                renderMigrated(latest.migrated);
                drawWhenChanged('catalogue', rules.map(function (r) {
                    return [r.id, r.methods, r.path, r.backend, r.mode, r.percent, r.why];
                }), function () { renderCatalogue(rules); });
                drawWhenChanged('traffic', [rules.map(function (r) { return [r.id, r.traffic]; }), latest.unmatched],
                    function () { renderTraffic(rules, latest.unmatched); });
                drawWhenChanged('shadow', rules.map(function (r) { return [r.id, r.mode, r.percent, r.shadow]; }),
                    function () { renderShadow(rules); });
                drawWhenChanged('audit', audit.data, function () { renderAudit(audit.data); });
                $('load-error').textContent = '';
                $('updated').textContent = 'Updated ' + new Date(latest.at).toLocaleTimeString();
            })
            .catch(function (error) { $('load-error').textContent = 'Could not refresh: ' + error.message; });
    }

    function refreshSync() {
        return api('GET', '/dashboard/sync').then(function (result) {
            if (result.ok) { drawWhenChanged('sync', result.data, function () { renderSync(result.data); }); }
        }).catch(function () { /* the main refresh reports connection problems */ });
    }

    function ruleById(id) {
        return (latest ? latest.rules : []).filter(function (r) { return r.id === id; })[0];
    }

    function review(event) {
        event.preventDefault();
        var result = $('switch-result');
        result.className = 'message';
        var rule = ruleById($('switch-rule').value);
        var mode = $('switch-mode').value;
        var reason = $('switch-reason').value.trim();
        var pct = parseInt($('switch-percent').value, 10);
        if (!rule) { result.textContent = 'Choose a rule.'; return; }
        if (!reason) { result.textContent = 'A reason is required: it goes into the audit log.'; $('switch-reason').focus(); return; }
        if (mode === 'CANARY' && (isNaN(pct) || pct < 0 || pct > 100)) { result.textContent = 'Canary percent must be 0 to 100.'; return; }
        result.textContent = '';
        pending = { id: rule.id, etag: rule.etag, mode: mode, percent: pct, reason: reason };
        $('switch-confirm-text').textContent = 'Switch ' + rule.id + ' from ' + modeText(rule.mode, rule.percent)
            + ' to ' + modeText(mode, pct) + '? Reason: ' + reason;
        $('switch-confirm').hidden = false;
        $('switch-confirm-button').focus();
    }

    function confirmSwitch() {
        if (!pending) { return; }
        var change = pending;
        pending = null;
        $('switch-confirm').hidden = true;
        var body = { mode: change.mode, reason: change.reason };
        if (change.mode === 'CANARY') { body.percent = change.percent; }
        var result = $('switch-result');
        api('PUT', '/dashboard/routes/' + encodeURIComponent(change.id), body, { 'If-Match': change.etag })
            .then(function (response) {
                if (response.ok) {
                    result.className = 'message ok';
                    result.textContent = change.id + ' is now ' + modeText(response.data.mode, response.data.percent) + '.';
                    $('switch-reason').value = '';
                } else if (response.status === 412) {
                    result.className = 'message';
                    result.textContent = change.id + ' was changed meanwhile; the page is refreshed, review the switch again.';
                } else {
                    result.className = 'message';
                    result.textContent = 'Refused: ' + ((response.data && response.data.detail) || ('HTTP ' + response.status));
                }
                return refresh();
            })
            .catch(function (error) { result.className = 'message'; result.textContent = 'Failed: ' + error.message; });
    }

    function signOut() {
        api('POST', '/dashboard/logout').finally(function () { window.location.assign('/dashboard/login'); });
    }

    document.addEventListener('DOMContentLoaded', function () {
        $('switch-form').addEventListener('submit', review);
        $('switch-confirm-button').addEventListener('click', confirmSwitch);
        $('switch-cancel').addEventListener('click', function () {
            pending = null;
            $('switch-confirm').hidden = true;
            $('switch-review').focus();
        });
        $('sign-out').addEventListener('click', signOut);
        $('plan-form').addEventListener('submit', confirmPlanMove);
        $('plan-cancel').addEventListener('click', closePlanDialog);
        $('plan-reason').addEventListener('input', function () { $('plan-dialog-error').textContent = ''; });
        $('plan-dialog').addEventListener('close', function () { planMove = null; });
        refresh();
        refreshSync();
        refreshPlans();
        setInterval(function () { if (!document.hidden) { refresh(); } }, POLL_MS);
        setInterval(function () { if (!document.hidden) { refreshSync(); } }, SYNC_POLL_MS);
        setInterval(function () { if (!document.hidden && !$('plan-dialog').open) { refreshPlans(); } }, PLANS_POLL_MS);
    });
}());
