// The inbox screen: the list beside the open conversation, both fed by the live stream.

import {h} from './dom.js';
import {ConversationList} from './list.js';
import {ConversationView} from './conversation.js';

export class InboxScreen {
    constructor(root, session) {
        const detail = h('section', {class: 'conversation-pane', id: 'conversation', 'aria-label': 'Conversation', tabindex: '-1'});
        root.appendChild(h('div', {class: 'inbox'}, h('div', {id: 'list-root', class: 'list-root'}), detail));
        this.list = new ConversationList(root.querySelector('#list-root'), session,
            id => location.hash = `#/inbox/${encodeURIComponent(id)}`);
        this.view = new ConversationView(detail, session);
        this.view.close();
        this.keys = event => this.key(event);
        document.addEventListener('keydown', this.keys);
    }

    open(id) {
        this.list.markOpen(id);
        if (!id) {
            this.view.close();
        } else if (id !== this.view.id) {
            this.view.show(id);
        }
    }

    /** j/k/Enter work from anywhere on the screen but a text field; / goes to the search box; Escape back to the list. */
    key(event) {
        const typing = event.target.closest && event.target.closest('input, textarea, select, [contenteditable]');
        if (event.key === 'Escape') {
            this.list.focus();
            return;
        }
        if (typing || event.ctrlKey || event.metaKey || event.altKey) {
            return;
        }
        if (event.key === '/') {
            event.preventDefault();
            this.list.search.focus();
        } else if (['j', 'k', 'Enter'].includes(event.key) && !this.list.list.contains(event.target)
            && !(event.key === 'Enter' && event.target.closest('button, a'))) {
            event.preventDefault();
            // the first key puts the cursor on the top conversation; later ones move it or open what is under it
            const hadCursor = this.list.selected >= 0;
            this.list.focus();
            if (hadCursor) {
                this.list.key(event);
            }
        }
    }

    onEvent(name, event) {
        this.list.onEvent(name, event);
        this.view.onEvent(name, event);
    }

    destroy() {
        document.removeEventListener('keydown', this.keys);
    }
}
