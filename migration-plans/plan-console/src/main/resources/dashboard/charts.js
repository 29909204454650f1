// The dashboard's live charts (uPlot, served by the console from its WebJar): the last 15 minutes as the console
// sampled them from the engines, with route flips and plan moves marked on the time axis. Labels are drawn on the
// canvas or set with textContent; nothing from the engines becomes markup.
(function () {
    'use strict';

    var csrf = document.querySelector('meta[name="strangler-csrf"]').getAttribute('content');
    var POLL_MS = 5000;
    var COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#0e7490', '#bf3989'];
    var charts = {};   // key -> {plot, names, marks}
    var latest = null; // the last view: the time axis always spans its 15 minutes

    function $(id) { return document.getElementById(id); }

    function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) { node.className = className; }
        if (text !== undefined) { node.textContent = text; }
        return node;
    }

    var WIDTH = 520;

    // The last 15 minutes, or since the console's first sample when it has run for less.
    function span() {
        var first = latest.times.length > 0 ? latest.times[0] - latest.sampleEverySeconds : latest.from;
        return [Math.max(latest.from, first), latest.to];
    }

    // Vertical lines at each route flip (dashed) and plan move (solid) inside the plotting area.
    function marksPlugin(marks) {
        return {
            hooks: {
                draw: [function (u) {
                    var ctx = u.ctx;
                    ctx.save();
                    marks().forEach(function (m) {
                        var x = Math.round(u.valToPos(m.at, 'x', true));
                        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) { return; }
                        ctx.strokeStyle = m.kind === 'plan' ? '#8250df' : '#57606a';
                        ctx.setLineDash(m.kind === 'plan' ? [] : [4, 3]);
                        ctx.lineWidth = 1.5 * devicePixelRatio;
                        ctx.beginPath();
                        ctx.moveTo(x, u.bbox.top);
                        ctx.lineTo(x, u.bbox.top + u.bbox.height);
                        ctx.stroke();
                        ctx.fillStyle = ctx.strokeStyle;
                        ctx.font = (10 * devicePixelRatio) + 'px sans-serif';
                        ctx.fillText(m.kind === 'plan' ? 'plan ' + m.subject : m.subject, x + 3, u.bbox.top + 12 * devicePixelRatio);
                    });
                    ctx.restore();
                }]
            }
        };
    }

    function points(data) {
        var n = 0;
        for (var i = 1; i < data.length; i++) {
            data[i].forEach(function (v) { if (v !== null && v !== undefined) { n++; } });
        }
        return n;
    }

    // Creates the chart the first time (or when its series change) and otherwise only gives it new data.
    function draw(key, holder, title, series, data, view, marks, percent) {
        var names = series.map(function (s) { return s.label; }).join('|');
        var chart = charts[key];
        if (!chart || chart.names !== names) {
            if (chart) { chart.plot.destroy(); }
            while (holder.firstChild) { holder.removeChild(holder.firstChild); }
            var options = {
                title: title,
                width: WIDTH,
                height: 180,
                scales: { x: { time: true, range: function () { return span(); } },
                          y: percent ? { range: [0, 1] } : { auto: true } },
                series: [{}].concat(series.map(function (s, i) {
                    return { label: s.label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: false,
                             value: function (u, v) { return v === null || v === undefined ? '–'
                                 : percent ? (Math.round(v * 1000) / 10) + ' %' : (Math.round(v * 100) / 100); } };
                })),
                axes: [{}, { values: function (u, vals) {
                    return vals.map(function (v) { return percent ? Math.round(v * 100) + '%' : v; });
                } }],
                plugins: [marksPlugin(function () { return charts[key] ? charts[key].marks : marks; })]
            };
            chart = { plot: new uPlot(options, data, holder), names: names };
            charts[key] = chart;
        } else {
            chart.marks = marks;
            chart.plot.setData(data);
        }
        chart.marks = marks;
        holder.setAttribute('data-points', String(points(data)));
        holder.setAttribute('data-marks', String(marks.length));
        return chart;
    }

    function ruleFigure(rule) {
        var id = 'chart-rule-' + rule;
        var figure = document.getElementById(id);
        if (!figure) {
            figure = el('figure', 'rule-charts');
            figure.id = id;
            figure.setAttribute('data-rule', rule);
            figure.appendChild(el('figcaption', null, rule));
            var requests = el('div', 'chart chart-requests');
            var rates = el('div', 'chart chart-rates');
            figure.appendChild(requests);
            figure.appendChild(rates);
            $('charts').appendChild(figure);
        }
        return figure;
    }

    function render(view) {
        latest = view;
        var times = view.times;
        var flips = view.marks;
        Object.keys(view.rules).sort().forEach(function (rule) {
            var series = view.rules[rule];
            var figure = ruleFigure(rule);
            var marks = flips.filter(function (m) { return m.kind === 'plan' || m.subject === rule; });
            var backends = Object.keys(series).filter(function (k) { return k.indexOf('requests:') === 0; }).sort();
            draw(rule + ':requests', figure.querySelector('.chart-requests'), 'Requests per second by backend',
                backends.map(function (k) { return { label: k.substring('requests:'.length) }; }),
                [times].concat(backends.map(function (k) { return series[k]; })), view, marks, false);
            draw(rule + ':rates', figure.querySelector('.chart-rates'), 'Error rates and shadow diff rate',
                [{ label: 'service errors' }, { label: 'monolith errors' }, { label: 'shadow diffs' }],
                [times, series.serviceErrorRate, series.monolithErrorRate, series.shadowDiffRate], view, marks, true);
        });
        var pipelines = Object.keys(view.pipelines).sort();
        draw('sync', $('sync-chart'), 'Sync lag (ms)', pipelines.map(function (p) { return { label: p }; }),
            [times].concat(pipelines.map(function (p) { return view.pipelines[p]; })), view,
            flips.filter(function (m) { return m.kind === 'plan'; }), false);

        var list = $('chart-marks');
        while (list.firstChild) { list.removeChild(list.firstChild); }
        if (flips.length === 0) { list.appendChild(el('li', null, 'None in the last 15 minutes.')); }
        flips.slice().reverse().forEach(function (m) {
            var time = el('time', null, new Date(m.at * 1000).toLocaleTimeString());
            time.setAttribute('datetime', new Date(m.at * 1000).toISOString());
            var item = el('li', 'mark-' + m.kind);
            item.appendChild(time);
            item.appendChild(document.createTextNode(' ' + m.label));
            list.appendChild(item);
        });
        $('charts-status').textContent = times.length === 0 ? 'Sampling the engines every ' + view.sampleEverySeconds
            + ' s; the charts start with the second sample.' : times.length + ' samples, one every '
            + view.sampleEverySeconds + ' s (the console keeps 15 minutes in memory).';
    }

    function refresh() {
        return fetch('/dashboard/charts', { headers: { 'X-Strangler-Csrf': csrf, 'Accept': 'application/json' },
                credentials: 'same-origin', cache: 'no-store' })
            .then(function (response) {
                if (!response.ok) { throw new Error('HTTP ' + response.status); }
                return response.json();
            })
            .then(render)
            .catch(function (error) { $('charts-status').textContent = 'Charts could not be refreshed: ' + error.message; });
    }

    document.addEventListener('DOMContentLoaded', function () {
        refresh();
        setInterval(function () { if (!document.hidden) { refresh(); } }, POLL_MS);
    });
}());
