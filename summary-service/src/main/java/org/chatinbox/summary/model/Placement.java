package org.chatinbox.summary.model;

/** A question placed in a group. */
public record Placement(PendingQuestion question, long groupId) {
}
