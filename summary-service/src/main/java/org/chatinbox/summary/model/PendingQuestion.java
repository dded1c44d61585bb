package org.chatinbox.summary.model;

import java.time.Instant;

/** A question waiting to be placed in a group. */
public record PendingQuestion(long id, String workspaceId, QuestionKind kind, String botId, String text, Instant askedAt) {
}
