package org.chatinbox.handoff.model;

/** A workspace's auto-assignment: off until an admin turns it on. */
public record AutoAssignment(boolean enabled, int maxOpenPerAgent) {

    public static final AutoAssignment OFF = new AutoAssignment(false, 5);
}
