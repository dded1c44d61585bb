package org.chatinbox.handoff.model;

/**
 * A change that may have freed an agent's seat in the workspace (a hand-back, an unassign, a reassignment): observed once its
 * transaction has committed, so that the conversations waiting for a human take the seat.
 */
public record SeatsFreed(String workspace) {
}
