package org.chatinbox.search.index;

import java.util.LinkedHashMap;
import java.util.Map;

import org.chatinbox.search.model.ConversationDocument;

/**
 * The conversation documents this replica wrote last, with the sequence number each was written at, least recently used dropped
 * first, bounded by the messages they hold. A conversation that is active again is folded from here instead of read back: a
 * real-time get of a document written since the last refresh makes Elasticsearch refresh the shard. A document is taken out
 * while a batch folds it, so two consumers never fold the same object; a stale one (another replica wrote it) fails its
 * conditional write and is read afresh.
 */
final class DocumentCache {

    record Entry(ConversationDocument document, long seqNo, long primaryTerm) {
    }

    private final int maxMessages;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long held;

    DocumentCache(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    synchronized Entry take(String key) {
        Entry entry = entries.remove(key);
        if (entry != null) {
            held -= weight(entry);
        }
        return entry;
    }

    synchronized void put(String key, Entry entry) {
        Entry old = entries.put(key, entry);
        held += weight(entry) - (old == null ? 0 : weight(old));
        var eldest = entries.entrySet().iterator();
        while (held > maxMessages && eldest.hasNext()) {
            Map.Entry<String, Entry> dropped = eldest.next();
            held -= weight(dropped.getValue());
            eldest.remove();
        }
    }

    private static long weight(Entry entry) {
        return entry.document().messages.size() + 1L;
    }
}
