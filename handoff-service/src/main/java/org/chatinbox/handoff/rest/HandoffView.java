package org.chatinbox.handoff.rest;

import org.chatinbox.events.data.Mode;
import org.chatinbox.handoff.model.HandoffState;

/**
 * A conversation's handoff state as commands answer it (contract §4.1), with its {@code version}: every change adds one, so a
 * client can tell whether what it shows is current.
 */
public record HandoffView(String conversationId, Mode mode, String holder, String assignee, boolean needsHuman,
        long version) {

    static HandoffView of(HandoffState state) {
        return new HandoffView(state.conversationId(), state.mode(), state.holder(), state.assignee(), state.needsHuman(),
                state.version());
    }
}
