package org.chatinbox.summary.model;

import java.time.Instant;

/** A visitor question to group: of which kind, from which conversation and message, asked of which bot, when. */
public record NewQuestion(String workspaceId, QuestionKind kind, String conversationId, String messageId, String botId,
        String text, Instant askedAt) {
}
