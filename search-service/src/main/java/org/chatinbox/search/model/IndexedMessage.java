package org.chatinbox.search.model;

/** One message inside its conversation's document: what a keyword search matches, marks and filters on. */
public record IndexedMessage(String messageId, String eventId, String role, String senderName, String text, String sentAt) {
}
