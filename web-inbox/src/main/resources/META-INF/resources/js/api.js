// The public API (/api/v1) as a frontend calls it: the agent's key or bearer token on every request, problem+json on refusal.

const BASE = '/api/v1';
const STORE = 'chat-inbox.credential';

export class ApiError extends Error {
    constructor(status, problem) {
        super(problem.detail || problem.title || `HTTP ${status}`);
        this.status = status;
        this.problem = problem;
    }

    /** The problem's own words, with the fields it names. */
    describe() {
        const fields = (this.problem.errors || []).map(e => `${e.field || e.name || ''}: ${e.message || e.detail || ''}`);
        return fields.length ? `${this.message} (${fields.join('; ')})` : this.message;
    }
}

/** {kind: 'key'|'token', value}, kept for this browser tab only. */
export function credential() {
    const stored = sessionStorage.getItem(STORE);
    return stored ? JSON.parse(stored) : null;
}

export function signIn(kind, value) {
    sessionStorage.setItem(STORE, JSON.stringify({kind, value}));
}

export function signOut() {
    sessionStorage.removeItem(STORE);
}

export function authHeaders() {
    const c = credential();
    if (!c) {
        return {};
    }
    return c.kind === 'token' ? {'Authorization': `Bearer ${c.value}`} : {'X-API-Key': c.value};
}

/** A query string from an object; arrays repeat the parameter, empty values are left out. */
export function query(params) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params || {})) {
        for (const one of Array.isArray(value) ? value : [value]) {
            if (one !== null && one !== undefined && one !== '') {
                search.append(name, one);
            }
        }
    }
    const text = search.toString();
    return text ? `?${text}` : '';
}

export async function call(method, path, body) {
    const headers = {...authHeaders(), 'Accept': 'application/json'};
    const init = {method, headers};
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    const response = await fetch(BASE + path, init);
    const text = await response.text();
    let json = null;
    if (text) {
        try {
            json = JSON.parse(text);
        } catch {
            json = {detail: text.slice(0, 200)};
        }
    }
    if (!response.ok) {
        const error = new ApiError(response.status, json || {});
        if (response.status === 401) {
            window.dispatchEvent(new CustomEvent('inbox:unauthorized', {detail: error}));
        }
        throw error;
    }
    return json;
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const put = (path, body) => call('PUT', path, body);
export const del = path => call('DELETE', path);

const path = id => encodeURIComponent(id);

export const api = {
    me: () => get('/me'),
    agents: () => get('/agents'),
    conversations: params => get('/conversations' + query(params)),
    counts: params => get('/conversations/counts' + query(params)),
    conversation: id => get(`/conversations/${path(id)}`),
    messages: (id, params) => get(`/conversations/${path(id)}/messages` + query(params)),
    history: id => get(`/conversations/${path(id)}/history?limit=100`),
    similar: id => get(`/conversations/${path(id)}/similar?limit=5`),
    search: params => get('/search' + query(params)),
    suggest: prefix => get('/search/suggest' + query({q: prefix})),
    takeover: id => post(`/conversations/${path(id)}/takeover`),
    handback: id => post(`/conversations/${path(id)}/handback`),
    assign: (id, agentId) => agentId ? put(`/conversations/${path(id)}/assignee`, {agentId})
        : del(`/conversations/${path(id)}/assignee`),
    reply: (id, text) => post(`/conversations/${path(id)}/messages`, {text}),
    resolve: id => post(`/conversations/${path(id)}/resolve`),
    reopen: id => post(`/conversations/${path(id)}/reopen`),
    snooze: (id, until) => post(`/conversations/${path(id)}/snooze`, {until}),
    labels: (id, labels) => put(`/conversations/${path(id)}/labels`, {labels}),
    knowledgeGaps: params => get('/insights/knowledge-gaps' + query(params)),
    topQuestions: params => get('/insights/top-questions' + query(params)),
    botPerformance: params => get('/insights/bot-performance' + query(params)),
};
