package org.chatinbox.summary.model;

import java.time.Instant;

/** A visitor's message, as a question the bot answered or failed. */
public record VisitorMessage(String messageId, String text, Instant sentAt) {
}
