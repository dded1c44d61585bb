// The conversation list: tabs with counts, filters, the search box, infinite scroll by cursor, j/k/enter, and live updates
// from the stream (a conversation with a new message moves to the top).

import {api, ApiError} from './api.js';
import {clear, h, highlighted, time} from './dom.js';

const TABS = [
    {id: 'all', label: 'All', count: 'all', params: {}},
    {id: 'mine', label: 'Mine', count: 'mine', params: {assignee: 'me'}},
    {id: 'unassigned', label: 'Unassigned', count: 'unassigned', params: {assignee: 'none'}},
    {id: 'needsHuman', label: 'Needs human', count: 'needsHuman', params: {needsHuman: 'true'}},
];
const CHANNELS = ['web', 'telegram', 'messenger', 'whatsapp', 'api'];
const PAGE = 30;

export class ConversationList {
    /** onOpen(conversationId) opens a conversation; session.me and session.agents are the signed-in agent and the team. */
    constructor(root, session, onOpen) {
        this.session = session;
        this.onOpen = onOpen;
        this.filters = {status: 'open'};
        this.tab = 'all';
        this.q = '';
        this.items = [];
        this.nextCursor = null;
        this.loading = false;
        this.generation = 0;
        this.selected = -1;
        this.cursorId = null;
        this.openId = null;
        this.pending = new Map();
        this.render(root);
        this.reload();
    }

    render(root) {
        const agents = this.session.agents;
        this.tabs = h('div', {role: 'tablist', class: 'tabs', 'aria-label': 'Conversations'},
            TABS.map(tab => h('button', {type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-selected': String(tab.id === this.tab),
                onclick: () => this.selectTab(tab.id)}, tab.label, ' ', h('span', {class: 'count', id: `count-${tab.id}`}, ''))));
        const select = (name, label, options) => h('label', {}, label, h('select', {name, onchange: e => this.setFilter(name, e.target.value)},
            options.map(([value, text]) => h('option', {value, selected: (this.filters[name] || '') === value}, text))));
        const input = (name, label, type = 'text') => h('label', {}, label, h('input', {name, type,
            onchange: e => this.setFilter(name, type === 'date' && e.target.value ? `${e.target.value}T${name === 'until' ? '23:59:59' : '00:00:00'}Z` : e.target.value.trim())}));
        this.filterForm = h('form', {class: 'filters', 'aria-label': 'Filters', onsubmit: e => e.preventDefault()},
            select('status', 'Status', [['', 'Any status'], ['open', 'Open'], ['snoozed', 'Snoozed'], ['resolved', 'Resolved']]),
            select('mode', 'Mode', [['', 'Any mode'], ['BOT', 'Bot'], ['HUMAN', 'Human']]),
            select('channel', 'Channel', [['', 'Any channel'], ...CHANNELS.map(c => [c, c])]),
            select('assignee', 'Assignee', [['', 'Anyone'], ['me', 'Me'], ['none', 'Nobody'], ...agents.map(a => [a.agentId, a.name || a.agentId])]),
            input('botId', 'Bot'),
            input('label', 'Label'),
            input('since', 'From', 'date'),
            input('until', 'To', 'date'),
            h('label', {class: 'check'}, h('input', {type: 'checkbox', name: 'botFailed',
                onchange: e => this.setFilter('botFailed', e.target.checked ? 'true' : '')}), 'Bot failed'));
        this.search = h('input', {type: 'search', id: 'search', name: 'q', placeholder: 'Search messages, visitors, ids  ( / )',
            autocomplete: 'off', list: 'suggestions', 'aria-label': 'Search conversations'});
        this.suggestions = h('datalist', {id: 'suggestions'});
        let typing;
        this.search.addEventListener('input', () => {
            clearTimeout(typing);
            typing = setTimeout(() => this.suggest(), 150);
        });
        const searchForm = h('form', {role: 'search', class: 'search', onsubmit: e => {
            e.preventDefault();
            this.q = this.search.value.trim();
            this.reload();
        }}, this.search, this.suggestions, h('button', {type: 'submit'}, 'Search'));
        this.summary = h('p', {class: 'list-summary', role: 'status', id: 'list-summary'});
        this.list = h('ul', {class: 'conversations', id: 'conversations', role: 'listbox', 'aria-label': 'Conversations',
            tabindex: '0', onkeydown: e => this.key(e)});
        this.sentinel = h('div', {class: 'sentinel', 'aria-hidden': 'true'});
        new IntersectionObserver(entries => {
            if (entries.some(e => e.isIntersecting)) {
                this.more();
            }
        }, {root: null, rootMargin: '200px'}).observe(this.sentinel);
        root.appendChild(h('section', {class: 'list-pane', 'aria-label': 'Conversation list'},
            searchForm, this.tabs, h('details', {class: 'filter-box'}, h('summary', {}, 'Filters'), this.filterForm),
            this.summary, this.list, this.sentinel));
    }

    selectTab(id) {
        this.tab = id;
        for (const button of this.tabs.querySelectorAll('[role=tab]')) {
            button.setAttribute('aria-selected', String(button.id === `tab-${id}`));
        }
        this.reload();
    }

    setFilter(name, value) {
        if (value) {
            this.filters[name] = value;
        } else {
            delete this.filters[name];
        }
        this.reload();
    }

    /** The list filters of the API, the tab's included. */
    params() {
        return {...this.filters, ...TABS.find(t => t.id === this.tab).params};
    }

    async reload() {
        const generation = ++this.generation;
        this.items = [];
        this.nextCursor = null;
        this.selected = -1;
        this.cursorId = null;
        clear(this.list);
        this.loading = false;
        this.refreshCounts();
        await this.more(generation);
    }

    async more(generation = this.generation) {
        if (this.loading || (this.items.length && !this.nextCursor)) {
            return;
        }
        this.loading = true;
        try {
            const params = {...this.params(), limit: PAGE, cursor: this.nextCursor};
            const page = this.q ? await api.search({...params, q: this.q}) : await api.conversations(params);
            if (generation !== this.generation) {
                return;
            }
            this.nextCursor = page.nextCursor;
            for (const item of page.items) {
                if (this.q) {
                    this.items.push({hit: item, id: item.conversationId});
                    this.list.appendChild(this.hitRow(item));
                } else if (!this.items.some(i => i.id === item.id)) {
                    this.items.push(item);
                    this.list.appendChild(this.row(item));
                }
            }
            this.summary.textContent = this.q
                ? `${page.total} matching message${page.total === 1 ? '' : 's'}`
                : this.items.length ? '' : 'No conversations here.';
        } catch (e) {
            if (generation === this.generation) {
                this.summary.textContent = e instanceof ApiError ? e.describe() : 'The inbox is not reachable.';
            }
        } finally {
            if (generation === this.generation) {
                this.loading = false;
            }
        }
        // a first page shorter than the screen: keep filling while the end is in view
        if (generation === this.generation && this.nextCursor && this.sentinel.getBoundingClientRect().top < innerHeight) {
            this.more(generation);
        }
    }

    async refreshCounts() {
        try {
            const {assignee, needsHuman, ...rest} = this.filters;
            const counts = await api.counts(rest);
            for (const tab of TABS) {
                document.getElementById(`count-${tab.id}`).textContent = counts[tab.count];
            }
        } catch {
            // the counts are a hint; the list says what went wrong
        }
    }

    async suggest() {
        const prefix = this.search.value.trim();
        if (prefix.length < 2) {
            return;
        }
        try {
            const {suggestions} = await api.suggest(prefix);
            clear(this.suggestions).append(...suggestions.map(s => h('option', {value: s})));
        } catch {
            // suggestions are optional
        }
    }

    row(item) {
        const visitor = item.visitor && (item.visitor.name || item.visitor.id) || 'Visitor';
        const last = item.lastMessage;
        const assignee = item.assignee ? this.name(item.assignee) : 'unassigned';
        return h('li', {role: 'option', id: `conversation-${item.id}`, class: item.id === this.cursorId ? 'conversation cursor' : 'conversation', tabindex: '-1',
            'aria-selected': String(item.id === this.openId), dataset: {id: item.id}, onclick: () => this.onOpen(item.id)},
            h('div', {class: 'line'}, h('strong', {class: 'visitor'}, visitor), time(item.lastMessageAt)),
            h('div', {class: 'badges'},
                h('span', {class: `badge channel ${item.channel}`}, item.channel),
                h('span', {class: 'badge bot'}, item.botId),
                h('span', {class: `badge status ${item.status}`}, item.status),
                h('span', {class: `badge mode ${item.mode}`}, item.mode === 'HUMAN' ? 'human' : 'bot'),
                h('span', {class: 'badge assignee'}, assignee),
                item.needsHuman ? h('span', {class: 'badge needs-human'}, 'needs human') : null),
            last ? h('p', {class: `preview ${last.role}`}, h('span', {class: 'role'}, `${last.role}: `), last.text) : null);
    }

    hitRow(hit) {
        return h('li', {role: 'option', class: 'conversation hit', tabindex: '-1', dataset: {id: hit.conversationId},
            'aria-selected': String(hit.conversationId === this.openId), onclick: () => this.onOpen(hit.conversationId)},
            h('div', {class: 'line'}, h('strong', {class: 'visitor'}, hit.conversationId), time(hit.sentAt)),
            h('div', {class: 'badges'}, h('span', {class: `badge channel ${hit.channel}`}, hit.channel),
                h('span', {class: 'badge bot'}, hit.botId), h('span', {class: 'badge role'}, hit.role)),
            h('p', {class: 'preview highlight'}, highlighted(hit.highlight || hit.text)));
    }

    name(agentId) {
        const agent = this.session.agents.find(a => a.agentId === agentId);
        return agent && agent.name || agentId;
    }

    markOpen(id) {
        this.openId = id;
        for (const li of this.list.children) {
            li.setAttribute('aria-selected', String(li.dataset.id === id));
        }
    }

    key(event) {
        const rows = [...this.list.children];
        if (!rows.length) {
            return;
        }
        if (event.key === 'j' || event.key === 'ArrowDown') {
            this.move(rows, Math.min(this.selected + 1, rows.length - 1));
        } else if (event.key === 'k' || event.key === 'ArrowUp') {
            this.move(rows, Math.max(this.selected - 1, 0));
        } else if (event.key === 'Enter' && this.selected >= 0) {
            this.onOpen(rows[this.selected].dataset.id);
        } else {
            return;
        }
        event.preventDefault();
    }

    move(rows, index) {
        rows.forEach(r => r.classList.remove('cursor'));
        this.selected = index;
        this.cursorId = rows[index].dataset.id;
        rows[index].classList.add('cursor');
        rows[index].focus();
        rows[index].scrollIntoView({block: 'nearest'});
    }

    focus() {
        this.list.focus();
        if (this.selected < 0 && this.list.children.length) {
            this.move([...this.list.children], 0);
        }
    }

    /** Whether a conversation as the API shows it belongs in this list. */
    matches(item) {
        const f = this.params();
        const me = this.session.me.agentId;
        return (!f.status || item.status === f.status) && (!f.mode || item.mode === f.mode)
            && (!f.channel || item.channel === f.channel) && (!f.botId || item.botId === f.botId)
            && (!f.assignee || (f.assignee === 'me' ? item.assignee === me : f.assignee === 'none' ? !item.assignee : item.assignee === f.assignee))
            && (!f.needsHuman || item.needsHuman) && (!f.label || (item.labels || []).includes(f.label))
            && (!f.since || Date.parse(item.lastMessageAt) >= Date.parse(f.since))
            && (!f.until || Date.parse(item.lastMessageAt) <= Date.parse(f.until));
    }

    onEvent(name, event) {
        const data = event.data || {};
        const id = data.conversationId;
        if (!id) {
            return;
        }
        this.countsSoon();
        if (this.q) {
            return;
        }
        if (name === 'message.created') {
            this.upsertFromMessage(event);
        }
        if (name !== 'delivery.updated') {
            this.refreshSoon(id);
        }
    }

    /** Shows the message at once from the event; the conversation's own view follows from the API. */
    upsertFromMessage(event) {
        const data = event.data;
        const known = this.items.find(i => i.id === data.conversationId);
        if (!known && this.filters.botFailed) {
            return;
        }
        const sender = data.sender || {};
        const item = known ? {...known} : {id: data.conversationId, botId: data.botId, channel: data.channel,
            visitor: sender.role === 'visitor' ? {id: sender.id, name: sender.name} : null, status: 'open', mode: 'BOT',
            assignee: null, needsHuman: false, labels: [], messageCount: 0, startedAt: event.time};
        if (known && known.status === 'snoozed' && sender.role === 'visitor') {
            item.status = 'open';
        }
        item.lastMessage = {id: data.messageId, role: sender.role, text: data.text, sentAt: event.time};
        item.lastMessageAt = event.time;
        item.messageCount = (item.messageCount || 0) + 1;
        this.place(item);
    }

    refreshSoon(id) {
        clearTimeout(this.pending.get(id));
        this.pending.set(id, setTimeout(() => this.refresh(id, 0), 250));
    }

    countsSoon() {
        clearTimeout(this.countsTimer);
        this.countsTimer = setTimeout(() => this.refreshCounts(), 1000);
    }

    async refresh(id, attempt) {
        this.pending.delete(id);
        try {
            const view = await api.conversation(id);
            delete view.summary;
            this.place(view);
        } catch (e) {
            // the read model can be a moment behind the stream
            if (e instanceof ApiError && e.status === 404 && attempt < 5) {
                setTimeout(() => this.refresh(id, attempt + 1), 400);
            }
        }
    }

    /** Puts a conversation where the newest-first order wants it, or takes it out when it no longer matches. */
    place(item) {
        this.placeRow(item);
        // the cursor stays on its conversation while others move around it
        this.selected = this.items.findIndex(i => i.id === this.cursorId);
    }

    placeRow(item) {
        const index = this.items.findIndex(i => i.id === item.id);
        if (index >= 0) {
            this.items.splice(index, 1);
            this.list.children[index].remove();
        }
        if (!this.matches(item)) {
            return;
        }
        const when = Date.parse(item.lastMessageAt) || 0;
        let at = this.items.findIndex(i => (Date.parse(i.lastMessageAt) || 0) < when);
        if (at < 0) {
            if (this.nextCursor) {
                return;
            }
            at = this.items.length;
        }
        this.items.splice(at, 0, item);
        this.list.insertBefore(this.row(item), this.list.children[at] || null);
        this.summary.textContent = '';
    }
}

