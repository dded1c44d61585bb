package org.chatinbox.bench.data;

import java.time.Instant;

import org.chatinbox.bench.data.Dialogues.Conversation;

/** One sender's walk through the dialogues: turn after turn of one conversation, then the next conversation. */
public final class Traffic {

    private final Dialogues dialogues;
    private Conversation conversation;
    private int turn;

    public Traffic(Dialogues dialogues) {
        this.dialogues = dialogues;
        this.conversation = dialogues.next();
    }

    /** A message sent: its conversation, its id and its CloudEvent JSON. */
    public record Message(String conversationId, String messageId, String json) {
    }

    /** The next message. */
    public Message message(String suffix) {
        if (turn == conversation.turns().size()) {
            conversation = dialogues.next();
            turn = 0;
        }
        int t = turn++;
        return new Message(conversation.id(), "m-" + t, Dialogues.event(conversation, t, Instant.now(), suffix));
    }

    /** The next message's CloudEvent JSON. */
    public String next() {
        return message("").json();
    }

    /** The next {@code size} messages as one batch request's body (a JSON array), or one event's JSON for size 1. */
    public String batch(int size) {
        if (size == 1) {
            return next();
        }
        StringBuilder body = new StringBuilder(size * 600).append('[');
        for (int i = 0; i < size; i++) {
            body.append(i == 0 ? "" : ",").append(next());
        }
        return body.append(']').toString();
    }
}
