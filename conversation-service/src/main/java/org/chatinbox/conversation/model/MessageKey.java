package org.chatinbox.conversation.model;

import org.chatinbox.service.model.ConversationKey;

/** A message as the read model keys it: message ids are unique within a conversation only. */
public record MessageKey(ConversationKey conversation, String messageId) {
}
