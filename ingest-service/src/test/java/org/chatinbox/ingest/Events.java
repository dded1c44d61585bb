package org.chatinbox.ingest;

import java.util.UUID;

import org.chatinbox.events.EventJson;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Contract events as a channel would send them, for tests to vary. */
public final class Events {

    public static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

    private Events() {
    }

    public static String newConversation() {
        return "conv-" + UUID.randomUUID();
    }

    /** A valid {@code inbox.message.created} of workspace {@code demo}, bot {@code support-bot}. */
    public static ObjectNode message(String conversationId) {
        ObjectNode event = EventJson.mapper().createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", "evt-" + UUID.randomUUID());
        event.put("source", "/channels/web");
        event.put("type", "inbox.message.created");
        event.put("time", "2026-11-22T10:15:30.120Z");
        event.put("subject", conversationId);
        ObjectNode data = event.putObject("data");
        data.put("workspaceId", "demo");
        data.put("botId", "support-bot");
        data.put("channel", "web");
        data.put("conversationId", conversationId);
        data.put("messageId", "msg-" + UUID.randomUUID());
        data.putObject("sender").put("role", "visitor").put("id", "v-17").put("name", "Dana");
        data.put("text", "How do I reset my password?");
        data.putObject("session").put("ip", "203.0.113.7").put("userAgent", IPHONE).put("locale", "fr-FR");
        return event;
    }

    public static ArrayNode batch(String conversationId, int size) {
        ArrayNode batch = EventJson.mapper().createArrayNode();
        for (int i = 0; i < size; i++) {
            batch.add(message(conversationId));
        }
        return batch;
    }
}
