package org.chatinbox.summary.model;

import java.time.Instant;

import org.chatinbox.events.data.Rating;
import org.chatinbox.events.data.Role;

/** One message as a summary reads it: who wrote what, when, whether the bot fell back, and its latest rating (or null). */
public record Turn(String messageId, Role role, String text, Instant sentAt, boolean fallback, Rating rating) {
}
