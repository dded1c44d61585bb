// One conversation: its messages by time, the session, summary, labels and history beside them, and the agent's actions.
// A refused action (409 and the like) is shown in the problem's own words.

import {api, ApiError} from './api.js';
import {clear, duration, h, highlighted, time, toast} from './dom.js';

const PAGE = 50;
const ROLE_NAMES = {visitor: 'Visitor', bot: 'Bot', agent: 'Agent'};

export class ConversationView {
    constructor(root, session) {
        this.root = root;
        this.session = session;
        this.id = null;
        this.view = null;
        this.messages = [];
        this.olderCursor = null;
        this.pending = null;
        // delivery outcomes from the stream, which can be ahead of the read model
        this.deliveries = new Map();
        // who holds the conversation as handoff-service last said (an action's answer, the stream), which can be ahead of
        // the read model: shown over it until the read model agrees
        this.handoff = null;
    }

    async show(id) {
        this.id = id;
        this.handoff = null;
        this.refusal = '';
        this.messages = [];
        this.olderCursor = null;
        clear(this.root).appendChild(h('p', {class: 'muted'}, 'Loading…'));
        try {
            const [view, page] = await Promise.all([api.conversation(id), api.messages(id, {order: 'desc', limit: PAGE})]);
            if (this.id !== id) {
                return;
            }
            this.view = view;
            this.messages = page.items.slice().reverse();
            this.olderCursor = page.nextCursor;
            this.render();
            this.loadSide();
        } catch (e) {
            if (this.id === id) {
                clear(this.root).appendChild(h('p', {class: 'error', role: 'alert'},
                    e instanceof ApiError && e.status === 404 ? 'This conversation does not exist in your workspace.' : describe(e)));
            }
        }
    }

    close() {
        this.id = null;
        clear(this.root).appendChild(h('p', {class: 'muted empty'}, 'Choose a conversation (j / k and Enter).'));
    }

    render() {
        const v = this.current();
        const me = this.session.me;
        const holdsIt = v.mode === 'HUMAN' && v.holder === me.agentId;
        const visitor = v.visitor && (v.visitor.name || v.visitor.id) || 'Visitor';
        // a refusal stays in view while the stream's events redraw the conversation, until the next action
        this.alert = h('p', {class: 'action-error', role: 'alert', id: 'action-error'}, this.refusal || '');
        this.thread = h('ol', {class: 'messages', id: 'messages', 'aria-label': 'Messages'}, this.messages.map(m => this.message(m)));
        const older = this.olderCursor ? h('button', {type: 'button', class: 'link', onclick: () => this.older()}, 'Earlier messages') : null;
        clear(this.root).append(
            h('header', {class: 'conversation-head'},
                h('h2', {id: 'conversation-title'}, visitor),
                h('div', {class: 'badges'},
                    h('span', {class: `badge channel ${v.channel}`}, v.channel),
                    h('span', {class: 'badge bot'}, v.botId),
                    h('span', {class: `badge status ${v.status}`, id: 'conversation-status'}, v.status),
                    h('span', {class: `badge mode ${v.mode}`, id: 'conversation-mode'}, v.mode === 'HUMAN' ? `human: ${v.holder || ''}` : 'bot'),
                    h('span', {class: 'badge assignee', id: 'conversation-assignee'}, v.assignee ? `assigned to ${v.assignee}` : 'unassigned'),
                    v.needsHuman ? h('span', {class: 'badge needs-human'}, 'needs human') : null),
                this.actions(v, holdsIt), this.alert),
            h('div', {class: 'conversation-body'},
                h('section', {class: 'thread', 'aria-labelledby': 'conversation-title'}, older, this.thread, this.composer(holdsIt)),
                h('aside', {class: 'details', 'aria-label': 'Conversation details'}, this.details(v))));
        // the newest message in view, inside the thread (the head and its actions stay where they are)
        this.thread.scrollTop = this.thread.scrollHeight;
    }

    actions(v, holdsIt) {
        const me = this.session.me;
        const button = (id, label, run, enabled = true) => h('button', {type: 'button', id, disabled: !enabled,
            onclick: () => this.act(run)}, label);
        const assign = h('select', {id: 'assignee', 'aria-label': 'Assign to', onchange: e => this.act(() => api.assign(v.id, e.target.value))},
            h('option', {value: '', selected: !v.assignee}, 'Unassigned'),
            this.session.agents.map(a => h('option', {value: a.agentId, selected: a.agentId === v.assignee}, a.name || a.agentId)));
        const snoozeFor = h('select', {id: 'snooze-for', 'aria-label': 'Snooze for'},
            h('option', {value: '3600'}, '1 hour'), h('option', {value: '14400'}, '4 hours'), h('option', {value: '86400'}, '1 day'),
            h('option', {value: '604800'}, '1 week'));
        return h('div', {class: 'actions', role: 'toolbar', 'aria-label': 'Actions'},
            v.mode === 'HUMAN' && holdsIt
                ? button('handback', 'Hand back to bot', () => api.handback(v.id))
                : button('takeover', v.mode === 'HUMAN' ? `Take over from ${v.holder}` : 'Take over', () => api.takeover(v.id)),
            me.roles && me.roles.includes('admin') && v.mode === 'HUMAN' && !holdsIt
                ? button('handback', 'Hand back to bot', () => api.handback(v.id)) : null,
            h('label', {class: 'inline'}, 'Assignee ', assign),
            v.status === 'open'
                ? [button('resolve', 'Resolve', () => api.resolve(v.id)),
                    h('span', {class: 'inline'}, button('snooze', 'Snooze', () => api.snooze(v.id,
                        new Date(Date.now() + Number(snoozeFor.value) * 1000).toISOString())), snoozeFor)]
                : button('reopen', 'Reopen', () => api.reopen(v.id)));
    }

    /** The read model, with handoff-service's newer word on who holds the conversation over it. */
    current() {
        const h = this.handoff;
        if (h && this.view.mode === h.mode && (this.view.holder || null) === (h.holder || null)
            && (h.assignee === undefined || (this.view.assignee || null) === (h.assignee || null))) {
            this.handoff = null;
        }
        return this.handoff ? {...this.view, ...this.handoff} : this.view;
    }

    /** Runs an action; the stream brings the new state, and the view is read again at once as well. */
    async act(run) {
        this.refuse('');
        try {
            const answer = await run();
            if (answer && answer.mode && answer.conversationId === this.id) {
                // a hand-off command answers with the new state: shown at once, whatever the read model still says
                this.handoff = {mode: answer.mode, holder: answer.holder || null, assignee: answer.assignee || null,
                    needsHuman: answer.needsHuman};
            }
            await this.reload();
        } catch (e) {
            this.refuse(describe(e));
            toast(describe(e));
            if (e instanceof ApiError && e.status === 409) {
                this.reload().catch(() => {});
            }
        }
    }

    refuse(text) {
        this.refusal = text;
        this.alert.textContent = text;
    }

    composer(holdsIt) {
        const text = h('textarea', {id: 'reply', name: 'reply', rows: 3, maxlength: 16384, disabled: !holdsIt, 'aria-label': 'Reply',
            placeholder: holdsIt ? 'Write to the visitor (Ctrl+Enter sends)' : 'Take over to reply'});
        const form = h('form', {class: 'composer', onsubmit: async e => {
            e.preventDefault();
            const value = text.value.trim();
            if (!value) {
                return;
            }
            try {
                const {messageId} = await api.reply(this.id, value);
                text.value = '';
                this.addPending(messageId, value);
            } catch (error) {
                this.refuse(describe(error));
            }
        }}, text, h('button', {type: 'submit', id: 'send', disabled: !holdsIt}, 'Send'));
        text.addEventListener('keydown', e => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                form.requestSubmit();
            }
        });
        return form;
    }

    /** The reply shows at once as sending; the stream's message and delivery events fill in the rest. */
    addPending(messageId, text) {
        if (this.messages.some(m => m.id === messageId)) {
            return;
        }
        const me = this.session.me;
        const message = {id: messageId, role: 'agent', senderId: me.agentId, senderName: me.agentId, text,
            sentAt: new Date().toISOString(), feedback: null, deliveryState: 'sending'};
        this.messages.push(message);
        this.thread.appendChild(this.message(message));
        this.thread.scrollTop = this.thread.scrollHeight;
    }

    message(m) {
        const delivery = latest(m.deliveryState, this.deliveries.get(m.id));
        const who = m.senderName || m.senderId || ROLE_NAMES[m.role] || m.role;
        return h('li', {class: `message ${m.role}`, id: `message-${m.id}`, dataset: {role: m.role}},
            h('div', {class: 'meta'}, h('span', {class: 'sender'}, `${ROLE_NAMES[m.role] || m.role} · ${who}`), time(m.sentAt)),
            h('p', {class: 'text'}, m.text),
            (m.attachments || []).length ? h('p', {class: 'attachments'}, `${m.attachments.length} attachment(s)`) : null,
            m.feedback ? h('span', {class: `feedback ${m.feedback}`, title: `The visitor rated this ${m.feedback}`},
                m.feedback === 'helpful' ? '✓ rated helpful' : '✗ rated unhelpful') : null,
            m.role === 'agent' ? h('span', {class: `delivery ${delivery}`, dataset: {delivery}}, delivery) : null);
    }

    async older() {
        const page = await api.messages(this.id, {order: 'desc', limit: PAGE, cursor: this.olderCursor});
        this.messages = page.items.slice().reverse().concat(this.messages);
        this.olderCursor = page.nextCursor;
        this.render();
    }

    details(v) {
        const s = v.session || {};
        const summary = v.summary;
        this.history = h('ol', {class: 'history', id: 'history'});
        this.similar = h('ul', {class: 'similar', id: 'similar'});
        const labels = h('input', {id: 'labels', name: 'labels', value: (v.labels || []).join(', '), 'aria-describedby': 'labels-help'});
        return [
            h('section', {}, h('h3', {}, 'Visitor'), h('dl', {class: 'facts'},
                fact('Name', v.visitor && v.visitor.name), fact('Visitor id', v.visitor && v.visitor.id),
                fact('Location', [s.city, s.country].filter(Boolean).join(', ')), fact('Device', s.device), fact('Browser', s.browser),
                fact('OS', s.os), fact('Language', s.locale), fact('Page', s.pageUrl), fact('Started', v.startedAt && new Date(v.startedAt).toLocaleString()),
                fact('Messages', v.messageCount), fact('Rated', v.feedback && `${v.feedback.helpful} helpful, ${v.feedback.unhelpful} unhelpful`))),
            h('section', {id: 'summary'}, h('h3', {}, 'Summary'), summary ? [
                h('p', {}, summary.text),
                summary.keyPoints && summary.keyPoints.length ? h('ul', {class: 'key-points'}, summary.keyPoints.map(p => h('li', {}, p))) : null,
                h('dl', {class: 'facts'}, fact('Intent', summary.visitorIntent), fact('Outcome', summary.outcome))]
                : h('p', {class: 'muted'}, 'No summary yet.')),
            h('section', {}, h('h3', {}, 'Labels'), h('form', {class: 'labels', onsubmit: e => {
                e.preventDefault();
                const list = labels.value.split(',').map(l => l.trim()).filter(Boolean);
                this.act(() => api.labels(v.id, list));
            }}, h('label', {for: 'labels', class: 'sr-only'}, 'Labels'), labels, h('button', {type: 'submit', id: 'save-labels'}, 'Save'),
            h('small', {id: 'labels-help'}, 'Comma-separated'))),
            h('section', {}, h('h3', {}, 'Time to human'), h('dl', {class: 'facts'},
                fact('Waited for a human', duration(v.waitedForHumanSeconds)), fact('Held by a human', duration(v.heldByHumanSeconds)))),
            h('section', {}, h('h3', {}, 'History'), this.history),
            h('section', {}, h('h3', {}, 'Similar conversations'), this.similar)];
    }

    async loadSide() {
        const id = this.id;
        api.history(id).then(history => {
            if (this.id === id) {
                clear(this.history).append(...(history.items || history).map(e => h('li', {},
                    time(e.at), ' ', h('strong', {}, e.type.replace(/[._]/g, ' ')), e.actor ? ` by ${e.actor}` : '',
                    e.from || e.to ? `: ${e.from || '–'} → ${e.to || '–'}` : '', e.reason ? ` (${e.reason})` : '')));
            }
        }).catch(() => {});
        api.similar(id).then(similar => {
            if (this.id === id) {
                clear(this.similar).append(...similar.items.map(s => h('li', {},
                    h('a', {href: `#/inbox/${encodeURIComponent(s.conversationId)}`}, s.conversationId), ' ',
                    h('span', {class: 'muted'}, `${Math.round(s.score * 100)}%`), h('p', {class: 'preview'}, highlighted(s.highlight)))));
            }
        }).catch(() => {});
    }

    async reload() {
        if (!this.id) {
            return;
        }
        const id = this.id;
        const [view, page] = await Promise.all([api.conversation(id), api.messages(id, {order: 'desc', limit: PAGE})]);
        if (this.id !== id) {
            return;
        }
        const sending = this.messages.filter(m => m.deliveryState === 'sending' && !page.items.some(p => p.id === m.id));
        const older = this.messages.filter(m => !page.items.some(p => p.id === m.id) && !sending.includes(m)
            && m.sentAt < (page.items[page.items.length - 1] || {}).sentAt);
        this.view = view;
        this.messages = older.concat(page.items.slice().reverse(), sending);
        if (!this.olderCursor || older.length === 0) {
            this.olderCursor = page.nextCursor;
        }
        const draft = document.getElementById('reply');
        const text = draft ? draft.value : '';
        this.render();
        const reply = document.getElementById('reply');
        if (reply && !reply.disabled) {
            reply.value = text;
        }
        this.loadSide();
    }

    onEvent(name, event) {
        const data = event.data || {};
        if (!this.id || data.conversationId !== this.id) {
            return;
        }
        if (name === 'delivery.updated') {
            const state = latest(this.deliveries.get(data.messageId), data.state);
            this.deliveries.set(data.messageId, state);
            const badge = document.querySelector(`#message-${CSS.escape(data.messageId)} .delivery`);
            if (badge) {
                badge.textContent = state;
                badge.className = `delivery ${state}`;
                badge.dataset.delivery = state;
            }
            return;
        }
        if (name === 'handoff.changed') {
            this.handoff = {...(this.handoff || {}), mode: data.mode, holder: data.holder || null, needsHuman: data.needsHuman};
        } else if (name === 'assignment.changed') {
            this.handoff = {...(this.handoff || {mode: this.view.mode, holder: this.view.holder || null}), assignee: data.assignee || null};
        }
        clearTimeout(this.pending);
        // a burst of events (a take-over publishes two) is read back once
        this.pending = setTimeout(() => this.reload().catch(() => {}), 300);
    }
}

const DELIVERY_RANK = {sending: 0, retrying: 1, delivered: 2, failed: 2};

/** The further of two delivery states: a retry never hides a delivery the stream already reported. */
function latest(a, b) {
    const x = a || 'sending';
    const y = b || 'sending';
    return DELIVERY_RANK[y] > DELIVERY_RANK[x] ? y : x;
}

function fact(name, value) {
    if (value === null || value === undefined || value === '') {
        return null;
    }
    return [h('dt', {}, name), h('dd', {}, String(value))];
}

function describe(e) {
    return e instanceof ApiError ? e.describe() : `The action failed: ${e.message}`;
}
