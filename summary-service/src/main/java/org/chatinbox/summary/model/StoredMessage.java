package org.chatinbox.summary.model;

import org.chatinbox.service.model.ConversationKey;

/** A message to store for later summaries. */
public record StoredMessage(ConversationKey key, Turn turn) {
}
