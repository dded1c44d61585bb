package org.chatinbox.conversation.model;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A conversation as the inbox list shows it (contract §4); {@code summary} only on the single conversation. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConversationView(String id, String botId, String channel, Visitor visitor, String status, Instant snoozedUntil,
        String mode, String holder, String assignee, boolean needsHuman, List<String> labels, int messageCount,
        Instant startedAt, Instant lastMessageAt, LastMessage lastMessage, SessionView session, Feedback feedback) {

    public record Visitor(String id, String name) {
    }

    public record LastMessage(String id, String role, String text, Instant sentAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SessionView(String city, String country, String device, String browser, String os, String locale,
            String pageUrl, String ip, String userAgent) {
    }

    public record Feedback(int helpful, int unhelpful) {
    }
}
