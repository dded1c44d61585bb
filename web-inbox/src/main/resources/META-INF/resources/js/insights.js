// Insights: knowledge gaps and top questions as tables, bot performance per day as a chart with its table beside it.

import {api, ApiError} from './api.js';
import {clear, h} from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const SERIES = [
    {key: 'containmentRate', label: 'Contained by the bot', className: 'contained'},
    {key: 'fallbackRate', label: 'Bot fell back', className: 'fallback'},
    {key: 'handoffRate', label: 'Handed to a human', className: 'handoff'},
];
// at most this many days of one bot are drawn (ten pages of the API)
const MAX_PAGES = 10;

export class InsightsScreen {
    constructor(root) {
        this.filters = {};
        const input = (name, label, type) => h('label', {}, label, h('input', {name, type, onchange: e => {
            const value = e.target.value.trim();
            this.filters[name] = type === 'date' && value ? `${value}T${name === 'until' ? '23:59:59' : '00:00:00'}Z` : value;
            this.load();
        }}));
        this.gaps = h('div', {id: 'knowledge-gaps'});
        this.top = h('div', {id: 'top-questions'});
        this.performance = h('div', {id: 'bot-performance'});
        root.appendChild(h('main', {class: 'insights'},
            h('h1', {}, 'Insights'),
            h('form', {class: 'filters', 'aria-label': 'Insight filters', onsubmit: e => e.preventDefault()},
                input('botId', 'Bot', 'text'), input('since', 'From', 'date'), input('until', 'To', 'date')),
            h('section', {'aria-labelledby': 'performance-title'}, h('h2', {id: 'performance-title'}, 'Bot performance'), this.performance),
            h('div', {class: 'two'},
                h('section', {'aria-labelledby': 'gaps-title'}, h('h2', {id: 'gaps-title'}, 'Knowledge gaps'),
                    h('p', {class: 'muted'}, 'Visitor questions the bot failed: it fell back, was rated unhelpful or asked for a human.'), this.gaps),
                h('section', {'aria-labelledby': 'top-title'}, h('h2', {id: 'top-title'}, 'Top questions'), this.top))));
        this.load();
    }

    load() {
        this.questions(this.gaps, api.knowledgeGaps, 'No knowledge gaps: the bot answered everything it was asked.');
        this.questions(this.top, api.topQuestions, 'No questions yet.');
        this.chart();
    }

    async questions(box, fetchPage, empty, cursor = null, table = null) {
        try {
            const page = await fetchPage({...this.filters, limit: 20, cursor});
            if (!table) {
                table = h('table', {}, h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Question'), h('th', {scope: 'col', class: 'number'}, 'Times'),
                    h('th', {scope: 'col'}, 'Conversations'))), h('tbody'));
                clear(box).appendChild(page.items.length ? table : h('p', {class: 'muted'}, empty));
            }
            const body = table.querySelector('tbody');
            for (const group of page.items) {
                body.appendChild(h('tr', {}, h('td', {}, group.question), h('td', {class: 'number'}, group.count),
                    h('td', {}, group.conversationIds.slice(0, 3).map(id => [h('a', {href: `#/inbox/${encodeURIComponent(id)}`}, id), ' ']),
                        group.conversationIds.length > 3 ? `+${group.conversationIds.length - 3}` : '')));
            }
            const more = box.querySelector('button.more');
            if (more) {
                more.remove();
            }
            if (page.nextCursor) {
                box.appendChild(h('button', {type: 'button', class: 'more link', onclick: () =>
                    this.questions(box, fetchPage, empty, page.nextCursor, table)}, 'More'));
            }
        } catch (e) {
            clear(box).appendChild(h('p', {class: 'error', role: 'alert'}, e instanceof ApiError ? e.describe() : e.message));
        }
    }

    async chart() {
        const box = this.performance;
        try {
            const days = [];
            let cursor = null;
            for (let page = 0; page < MAX_PAGES; page++) {
                const result = await api.botPerformance({...this.filters, limit: 100, cursor});
                days.push(...result.items);
                cursor = result.nextCursor;
                if (!cursor) {
                    break;
                }
            }
            if (!days.length) {
                clear(box).appendChild(h('p', {class: 'muted'}, 'No conversations in this period.'));
                return;
            }
            const bots = [...new Set(days.map(d => d.botId))].sort();
            const pick = h('select', {id: 'performance-bot', 'aria-label': 'Bot shown'}, bots.map(b => h('option', {value: b}, b)));
            const figure = h('figure', {class: 'chart'});
            const draw = () => {
                const rows = days.filter(d => d.botId === pick.value).sort((a, b) => a.day < b.day ? -1 : 1);
                clear(figure).append(lineChart(rows), h('figcaption', {}, `Share of ${pick.value}'s conversations per day`),
                    legend(), table(rows));
            };
            pick.addEventListener('change', draw);
            clear(box).append(h('label', {}, 'Bot ', pick), figure);
            draw();
        } catch (e) {
            clear(box).appendChild(h('p', {class: 'error', role: 'alert'}, e instanceof ApiError ? e.describe() : e.message));
        }
    }
}

function svg(tag, attributes, ...children) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) {
        element.setAttribute(name, String(value));
    }
    children.forEach(c => element.appendChild(typeof c === 'string' ? document.createTextNode(c) : c));
    return element;
}

/** Rates (0–1) per day as lines over a 0–100% axis. */
function lineChart(rows) {
    const width = 640;
    const height = 240;
    const left = 40;
    // room for half of the last day's label, centred under its point
    const right = 24;
    const bottom = 24;
    const x = i => left + (rows.length === 1 ? (width - left - right) / 2 : i * (width - left - right) / (rows.length - 1));
    const y = rate => (height - bottom) - rate * (height - bottom - 10);
    const chart = svg('svg', {viewBox: `0 0 ${width} ${height}`, role: 'img', id: 'performance-chart',
        'aria-label': 'Containment, fallback and hand-off rates per day'});
    for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
        chart.appendChild(svg('line', {x1: left, x2: width - right, y1: y(tick), y2: y(tick), class: 'grid'}));
        chart.appendChild(svg('text', {x: left - 6, y: y(tick) + 4, class: 'axis', 'text-anchor': 'end'}, `${tick * 100}%`));
    }
    const step = Math.max(1, Math.ceil(rows.length / 8));
    rows.forEach((row, i) => {
        if (i % step === 0) {
            chart.appendChild(svg('text', {x: x(i), y: height - 6, class: 'axis', 'text-anchor': 'middle'}, row.day.slice(5)));
        }
    });
    for (const series of SERIES) {
        const points = rows.map((row, i) => row[series.key] === null || row[series.key] === undefined ? null : [x(i), y(row[series.key])])
            .filter(Boolean);
        if (points.length > 1) {
            chart.appendChild(svg('polyline', {points: points.map(p => p.join(',')).join(' '), class: `series ${series.className}`}));
        }
        points.forEach(([px, py]) => chart.appendChild(svg('circle', {cx: px, cy: py, r: 3, class: `series ${series.className}`})));
    }
    return chart;
}

function legend() {
    return h('ul', {class: 'legend'}, SERIES.map(s => h('li', {class: s.className}, s.label)));
}

function table(rows) {
    const percent = rate => rate === null || rate === undefined ? '–' : `${Math.round(rate * 100)}%`;
    return h('table', {class: 'performance'},
        h('thead', {}, h('tr', {}, ['Day', 'Conversations', 'Contained', 'Fell back', 'Handed off', 'Helpful', 'Unhelpful',
            'Median wait for a human'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, rows.map(r => h('tr', {}, h('td', {}, r.day), h('td', {class: 'number'}, r.conversations),
            h('td', {class: 'number'}, percent(r.containmentRate)), h('td', {class: 'number'}, percent(r.fallbackRate)),
            h('td', {class: 'number'}, percent(r.handoffRate)), h('td', {class: 'number'}, r.helpful), h('td', {class: 'number'}, r.unhelpful),
            h('td', {class: 'number'}, r.medianSecondsToHuman === null || r.medianSecondsToHuman === undefined ? '–' : `${Math.round(r.medianSecondsToHuman)} s`)))));
}
