// The app's shell: sign-in, the navigation, the hash routes (#/inbox, #/inbox/<conversation>, #/insights) and the live stream
// that every screen listens to.

import {api, ApiError, credential, signIn, signOut} from './api.js';
import {clear, h} from './dom.js';
import {InboxScreen} from './inbox.js';
import {InsightsScreen} from './insights.js';
import {LiveStream} from './stream.js';

const app = document.getElementById('app');
const session = {me: null, agents: [], stream: null, screen: null};

window.addEventListener('inbox:unauthorized', () => {
    if (session.me) {
        leave('Your key or token is no longer accepted: sign in again.');
    }
});

function signInScreen(message) {
    const kind = h('select', {id: 'credential-kind', name: 'kind'},
        h('option', {value: 'key'}, 'Agent key (X-API-Key)'),
        h('option', {value: 'token'}, 'Bearer token (JWT)'));
    const value = h('input', {id: 'credential', name: 'credential', type: 'password', required: true, autocomplete: 'off',
        'aria-describedby': 'sign-in-error'});
    const error = h('p', {id: 'sign-in-error', class: 'error', role: 'alert'}, message || '');
    const form = h('form', {class: 'sign-in', 'aria-labelledby': 'sign-in-title', onsubmit: async event => {
        event.preventDefault();
        signIn(kind.value, value.value.trim());
        try {
            await start();
        } catch (e) {
            signOut();
            error.textContent = e instanceof ApiError && e.status === 401
                ? 'That key or token is not accepted.' : `Signing in failed: ${e.message}`;
            value.focus();
        }
    }},
    h('h1', {id: 'sign-in-title'}, 'chat-inbox'),
    h('p', {}, 'Sign in with your agent key or a bearer token from your identity provider. It is kept for this tab only.'),
    h('label', {for: 'credential-kind'}, 'Sign in with'), kind,
    h('label', {for: 'credential'}, 'Key or token'), value,
    h('button', {type: 'submit', id: 'sign-in'}, 'Sign in'),
    error);
    clear(app).appendChild(h('main', {class: 'centered'}, form));
    value.focus();
}

async function start() {
    session.me = await api.me();
    session.agents = (await api.agents().catch(() => ({items: []}))).items || [];
    shell();
    session.stream = new LiveStream((name, event) => session.screen && session.screen.onEvent(name, event), state => {
        const badge = document.getElementById('live-state');
        if (badge) {
            badge.textContent = state === 'live' ? 'Live' : state === 'reconnecting' ? 'Reconnecting…' : 'Offline';
            badge.className = `live-state ${state}`;
        }
        if (state === 'signed-out') {
            leave('Your key or token is no longer accepted: sign in again.');
        }
    });
    session.stream.start();
    // the end-to-end tests cut the connection as a network failure would
    window.inboxStream = session.stream;
    route();
}

function leave(message) {
    if (session.stream) {
        session.stream.stop();
    }
    session.screen && session.screen.destroy && session.screen.destroy();
    session.me = null;
    session.screen = null;
    signOut();
    location.hash = '';
    signInScreen(message);
}

function shell() {
    const me = session.me;
    clear(app).appendChild(h('div', {class: 'shell'},
        h('header', {class: 'top'},
            h('a', {class: 'brand', href: '#/inbox'}, 'chat-inbox'),
            h('nav', {'aria-label': 'Screens'},
                h('a', {href: '#/inbox', id: 'nav-inbox'}, 'Inbox'),
                h('a', {href: '#/insights', id: 'nav-insights'}, 'Insights')),
            h('span', {id: 'live-state', class: 'live-state', role: 'status'}, 'Connecting…'),
            h('span', {class: 'who', id: 'who'}, `${me.agentId} · ${me.workspaceId}`),
            h('button', {type: 'button', class: 'link', onclick: () => leave('Signed out.')}, 'Sign out')),
        h('div', {id: 'screen', class: 'screen'})));
}

function route() {
    if (!session.me) {
        return;
    }
    const [, name, id] = (location.hash || '#/inbox').split('/').map(decodeURIComponent);
    const screen = document.getElementById('screen');
    for (const link of document.querySelectorAll('nav a')) {
        link.toggleAttribute('aria-current', link.id === `nav-${name || 'inbox'}`);
    }
    if (name === 'insights') {
        if (!(session.screen instanceof InsightsScreen)) {
            session.screen && session.screen.destroy && session.screen.destroy();
            session.screen = new InsightsScreen(clear(screen));
        }
        return;
    }
    if (!(session.screen instanceof InboxScreen)) {
        session.screen = new InboxScreen(clear(screen), session);
    }
    session.screen.open(id || null);
}

window.addEventListener('hashchange', route);

if (credential()) {
    start().catch(e => {
        signOut();
        signInScreen(e instanceof ApiError && e.status === 401 ? 'Sign in again.' : `The inbox is not reachable: ${e.message}`);
    });
} else {
    signInScreen();
}

