// The workspace's live stream (GET /api/v1/stream). EventSource cannot send X-API-Key or a bearer token, so the stream is
// read with fetch; after a drop it reconnects with Last-Event-ID and first receives what it missed.

import {authHeaders} from './api.js';

export class LiveStream {
    constructor(onEvent, onState) {
        this.onEvent = onEvent;
        this.onState = onState;
        this.lastEventId = null;
        this.retry = 500;
        this.stopped = false;
        this.controller = null;
    }

    start() {
        this.stopped = false;
        this.connect();
    }

    stop() {
        this.stopped = true;
        if (this.controller) {
            this.controller.abort();
        }
    }

    /** Drops the connection as a network failure would; the stream comes back on its own (for the resume test). */
    interrupt() {
        if (this.controller) {
            this.controller.abort();
        }
    }

    async connect() {
        while (!this.stopped) {
            this.controller = new AbortController();
            const headers = {...authHeaders(), 'Accept': 'text/event-stream'};
            if (this.lastEventId) {
                headers['Last-Event-ID'] = this.lastEventId;
            }
            try {
                const response = await fetch('/api/v1/stream', {headers, signal: this.controller.signal, cache: 'no-store'});
                if (response.status === 401) {
                    this.onState('signed-out');
                    return;
                }
                if (!response.ok || !response.body) {
                    throw new Error(`stream answered ${response.status}`);
                }
                this.onState('live');
                this.retry = 500;
                await this.read(response.body.getReader());
            } catch (e) {
                // aborted by stop(), or the network or the gateway went away: retried below
            }
            if (this.stopped) {
                return;
            }
            this.onState('reconnecting');
            await new Promise(resolve => setTimeout(resolve, this.retry));
            this.retry = Math.min(this.retry * 2, 10000);
        }
    }

    async read(reader) {
        const decoder = new TextDecoder();
        let buffer = '';
        let event = {name: 'message', data: [], id: null};
        for (;;) {
            const {value, done} = await reader.read();
            if (done) {
                return;
            }
            buffer += decoder.decode(value, {stream: true});
            let newline;
            while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
                const line = buffer.slice(0, newline);
                buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
                if (line === '') {
                    if (event.data.length) {
                        if (event.id) {
                            this.lastEventId = event.id;
                        }
                        this.dispatch(event.name, event.data.join('\n'));
                    }
                    event = {name: 'message', data: [], id: null};
                    continue;
                }
                if (line.startsWith(':')) {
                    continue;
                }
                const colon = line.indexOf(':');
                const field = colon < 0 ? line : line.slice(0, colon);
                const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
                if (field === 'event') {
                    event.name = value;
                } else if (field === 'data') {
                    event.data.push(value);
                } else if (field === 'id') {
                    event.id = value;
                } else if (field === 'retry' && /^\d+$/.test(value)) {
                    this.retry = Number(value);
                }
            }
        }
    }

    dispatch(name, data) {
        try {
            this.onEvent(name, JSON.parse(data));
        } catch {
            // not an event of the contract: the stream goes on
        }
    }
}
