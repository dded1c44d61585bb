package org.chatinbox.conversation.model;

/** The inbox tabs' counters for one filter (contract §4). */
public record Counts(long all, long mine, long unassigned, long needsHuman, long human) {
}
