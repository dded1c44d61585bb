package org.chatinbox.conversation.model;

import java.time.Instant;
import java.util.List;

import org.chatinbox.events.data.Status;

/** The part of a conversation this service owns: its status (with the time a snooze ends) and its labels. */
public record ConversationStatus(Status status, Instant snoozedUntil, List<String> labels) {

    public static final ConversationStatus INITIAL = new ConversationStatus(Status.OPEN, null, List.of());
}
