// Builds the page from elements and text nodes only: nothing a visitor wrote is ever parsed as HTML.

/** h('li', {class: 'x', onclick: fn}, 'text', child, [more]) */
export function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2), value);
        } else if (name === 'dataset') {
            Object.assign(element.dataset, value);
        } else {
            element.setAttribute(name, value === true ? '' : String(value));
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        if (Array.isArray(child)) {
            append(element, child);
        } else if (child instanceof Node) {
            element.appendChild(child);
        } else {
            element.appendChild(document.createTextNode(String(child)));
        }
    }
}

const ENTITIES = {'&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'", '&#x2F;': '/', '&#47;': '/'};

/**
 * A search highlight (the text HTML-escaped by the search service, matches between <em> and </em>) as text nodes and
 * <mark> elements: the tags are split off, the rest is decoded and shown as text.
 */
export function highlighted(fragment) {
    const nodes = [];
    const parts = String(fragment || '').split(/(<em>|<\/em>)/);
    let inMatch = false;
    for (const part of parts) {
        if (part === '<em>') {
            inMatch = true;
        } else if (part === '</em>') {
            inMatch = false;
        } else if (part) {
            const text = part.replace(/&(amp|lt|gt|quot|#x27|#39|#x2F|#47);/g, entity => ENTITIES[entity]);
            nodes.push(inMatch ? h('mark', {}, text) : document.createTextNode(text));
        }
    }
    return nodes;
}

export function clear(element) {
    while (element.firstChild) {
        element.removeChild(element.firstChild);
    }
    return element;
}

const timeFormat = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit'});
const dateFormat = new Intl.DateTimeFormat(undefined, {day: 'numeric', month: 'short'});
const fullFormat = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});

/** Today's times as 14:05, older ones as 3 Dec; the full date in the title. */
export function time(iso) {
    if (!iso) {
        return h('span', {}, '');
    }
    const at = new Date(iso);
    const today = new Date().toDateString() === at.toDateString();
    return h('time', {datetime: iso, title: fullFormat.format(at)}, today ? timeFormat.format(at) : dateFormat.format(at));
}

export function duration(seconds) {
    if (seconds === null || seconds === undefined) {
        return '–';
    }
    if (seconds < 60) {
        return `${Math.round(seconds)} s`;
    }
    if (seconds < 3600) {
        return `${Math.round(seconds / 60)} min`;
    }
    return `${(seconds / 3600).toFixed(1)} h`;
}

let toastTimer;

/** A short message for the agent (a refused action, a lost connection), read out by screen readers. */
export function toast(message, kind = 'error') {
    const box = document.getElementById('toast');
    box.textContent = message;
    box.className = kind;
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => box.hidden = true, 6000);
}
