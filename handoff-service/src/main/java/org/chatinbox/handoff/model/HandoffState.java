package org.chatinbox.handoff.model;

import java.time.Instant;

import org.chatinbox.events.data.Mode;

/**
 * Who answers one conversation, as this service keeps it. {@code botId} and {@code channel} are null until its first message;
 * {@code version} grows with every change.
 */
public record HandoffState(
        String workspaceId,
        String conversationId,
        String botId,
        String channel,
        Mode mode,
        String holder,
        String assignee,
        boolean needsHuman,
        Instant humanRequestedAt,
        Instant heldSince,
        Instant visitorWaitingSince,
        boolean resolved,
        long version) {

    public HandoffState withAssignee(String agent) {
        return new HandoffState(workspaceId, conversationId, botId, channel, mode, holder, agent, needsHuman, humanRequestedAt,
                heldSince, visitorWaitingSince, resolved, version);
    }

    /** Taken over by {@code agent} at {@code at}: the request for a human is answered, the visitor waits for nobody yet. */
    public HandoffState heldBy(String agent, Instant at) {
        return new HandoffState(workspaceId, conversationId, botId, channel, Mode.HUMAN, agent, assignee, false, null, at,
                null, resolved, version);
    }

    /** Back to the bot: nobody holds it, nobody is assigned (the agent's seat is free again). */
    public HandoffState handedBack() {
        return new HandoffState(workspaceId, conversationId, botId, channel, Mode.BOT, null, null, false, null, heldSince,
                null, resolved, version);
    }

    /** The holder answered: the visitor waits for nobody. */
    public HandoffState answered() {
        return new HandoffState(workspaceId, conversationId, botId, channel, mode, holder, assignee, needsHuman,
                humanRequestedAt, heldSince, null, resolved, version);
    }

    public boolean heldBy(String agent) {
        return mode == Mode.HUMAN && agent != null && agent.equals(holder);
    }

    /** Whether a channel can be told about it: outbound events name the bot and the channel. */
    public boolean reachable() {
        return botId != null && channel != null;
    }
}
