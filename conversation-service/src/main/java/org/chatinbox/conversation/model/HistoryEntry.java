package org.chatinbox.conversation.model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One change of a conversation's timeline (contract §4): a handoff, assignment, status or label change. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HistoryEntry(Instant at, String type, String actor, String from, String to, String reason) {
}
