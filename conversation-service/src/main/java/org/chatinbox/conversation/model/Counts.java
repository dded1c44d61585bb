package org.chatinbox.conversation.model;

/**
 * The inbox tabs' counters for one filter (contract §4). {@code exact} is false when they were counted over part of the
 * matching conversations (a keyword matching more than the gateway resolves at once): each is then a lower bound.
 */
public record Counts(long all, long mine, long unassigned, long needsHuman, long human, boolean exact) {

    public static final Counts NONE = new Counts(0, 0, 0, 0, 0, true);
}
