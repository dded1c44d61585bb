package org.chatinbox.ingest.service;

import org.chatinbox.events.EventJson;
import org.chatinbox.events.ReceivedEvent;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Session;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A received message's JSON with its {@code data.session} replaced by the enriched one: the bytes as the channel sent them,
 * with only the session object written anew. Writing the whole event again was a fifth of the ingest CPU.
 */
final class SessionSplice {

    private SessionSplice() {
    }

    /** The message's bytes with {@code session} in place of its own; the whole event written anew if it had none. */
    static byte[] withSession(ReceivedEvent received, Session session) {
        if (!(received.event().data() instanceof MessageCreated message)) {
            throw new IllegalArgumentException("event " + received.event().id() + " is not a message; it has no session");
        }
        if (received.sessionLength() <= 0) {
            return json(received.event().withData(message.withSession(session)));
        }
        byte[] replacement = json(session);
        byte[] source = received.source();
        int head = received.sessionOffset() - received.offset();
        int tailStart = received.sessionOffset() + received.sessionLength();
        int tail = received.offset() + received.length() - tailStart;
        byte[] spliced = new byte[head + replacement.length + tail];
        System.arraycopy(source, received.offset(), spliced, 0, head);
        System.arraycopy(replacement, 0, spliced, head, replacement.length);
        System.arraycopy(source, tailStart, spliced, head + replacement.length, tail);
        return spliced;
    }

    private static byte[] json(Object value) {
        try {
            return EventJson.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
