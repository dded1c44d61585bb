package org.chatinbox.search.index;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.MessageCreated;

/** One message as the index keeps it: what a keyword search matches and filters on. */
public record IndexedMessage(String workspaceId, String conversationId, String messageId, String eventId, String botId,
        String channel, String role, String senderName, String text, String sentAt) {

    static IndexedMessage of(CloudEvent<MessageCreated> event) {
        MessageCreated m = event.data();
        return new IndexedMessage(m.workspaceId(), m.conversationId(), m.messageId(), event.id(), m.botId(), m.channel(),
                m.sender().role().wireName(), m.sender().name(), m.text(),
                event.time().toString());
    }

    /**
     * The document id: one entry per message of a conversation, whatever event id a channel's retry carries. Workspaces may
     * reuse conversation ids, so the workspace is part of it.
     */
    String documentId() {
        return workspaceId + '/' + conversationId + '/' + messageId;
    }
}
