package org.chatinbox.handoff.service;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import org.chatinbox.api.security.Caller;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Mode;
import org.chatinbox.events.data.OutboundKind;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.chatinbox.handoff.model.HandoffState;
import org.chatinbox.handoff.model.SeatsFreed;
import org.chatinbox.handoff.repository.AgentRepository;
import org.chatinbox.handoff.repository.HandoffRepository;
import org.chatinbox.problem.ProblemException;
import org.chatinbox.service.model.ConversationKey;

/**
 * What an agent does to a conversation (contract §4): take over, hand back, assign, unassign, reply. Each command runs in one
 * transaction holding the conversation's row (and its workspace shared, see {@link HandoffRepository}): it reads the current
 * state, refuses with {@code 409} what that state does not allow, writes the change over the version it read, and publishes its
 * events through the outbox. Of two agents acting at once on a conversation, the second waits for the first and sees its
 * change. A seat freed (hand-back, unassign, reassignment) is announced once the change has committed, for the waiting
 * conversations to take ({@link SeatFiller}).
 */
@ApplicationScoped
public class HandoffService {

    static final String ADMIN = "admin";

    private final HandoffRepository conversations;
    private final AgentRepository agents;
    private final HandoffEvents events;
    private final Event<SeatsFreed> freed;

    public HandoffService(HandoffRepository conversations, AgentRepository agents, HandoffEvents events,
            Event<SeatsFreed> freed) {
        this.conversations = conversations;
        this.agents = agents;
        this.events = events;
        this.freed = freed;
    }

    @Transactional(rollbackOn = Exception.class)
    public HandoffState state(Caller caller, String conversationId) throws SQLException {
        return existing(caller, conversationId);
    }

    /** Mode {@code HUMAN}, held by the caller, assigned to the caller when nobody is; {@code 409} if another agent holds it. */
    @Transactional(rollbackOn = Exception.class)
    public HandoffState takeOver(Caller caller, String conversationId, OptionalLong ifVersion) throws SQLException {
        // a conversation already held by another is refused from what has committed, without waiting for its row: of many
        // agents racing for one conversation, the losers then answer at once instead of queueing behind each other's locks
        refuseIfHeldByAnother(existing(caller, conversationId), caller, ifVersion);
        HandoffState current = lockedExisting(caller, conversationId, ifVersion);
        refuseIfHeldByAnother(current, caller, ifVersion);
        if (current.mode() == Mode.HUMAN) {
            return current; // held by the caller already
        }
        agents.register(caller.workspace(), caller.agent(), caller.roles());
        HandoffState held = current.heldBy(caller.agent(), Instant.now());
        if (held.assignee() == null) {
            held = held.withAssignee(caller.agent());
        }
        HandoffState stored = write(held);
        events.handoffChanged(stored, caller.agent(), "takeover", current.needsHuman() ? current.humanRequestedAt() : null);
        if (!Objects.equals(stored.assignee(), current.assignee())) {
            events.assignmentChanged(stored, current.assignee(), caller.agent(), "takeover");
        }
        events.outbound(stored, OutboundKind.BOT_PAUSED, null, null, caller.agent());
        return stored;
    }

    /** Mode {@code BOT}: the holder gives it back (admins may always); its assignee's seat is free again. */
    @Transactional(rollbackOn = Exception.class)
    public HandoffState handBack(Caller caller, String conversationId, OptionalLong ifVersion) throws SQLException {
        HandoffState current = lockedExisting(caller, conversationId, ifVersion);
        boolean admin = caller.hasRole(ADMIN);
        if (current.mode() == Mode.BOT) {
            if (admin) {
                return current;
            }
            throw ProblemException.conflict("nobody holds this conversation: the bot answers it");
        }
        if (!current.heldBy(caller.agent()) && !admin) {
            throw ProblemException
                    .conflict(current.holder() + " holds this conversation; only they or an admin can hand it back");
        }
        HandoffState stored = write(current.handedBack());
        events.handoffChanged(stored, caller.agent(), "handback", null);
        if (current.assignee() != null) {
            events.assignmentChanged(stored, current.assignee(), caller.agent(), "handed back to the bot");
        }
        events.outbound(stored, OutboundKind.BOT_RESUMED, null, null, caller.agent());
        freed.fire(new SeatsFreed(caller.workspace()));
        return stored;
    }

    /** Assigns an agent of the workspace ({@code 404} for any other); the one it replaces frees a seat. */
    @Transactional(rollbackOn = Exception.class)
    public HandoffState assign(Caller caller, String conversationId, String agentId, OptionalLong ifVersion)
            throws SQLException {
        HandoffState current = lockedExisting(caller, conversationId, ifVersion);
        if (agents.find(caller.workspace(), agentId).isEmpty()) {
            throw ProblemException.notFound("no agent " + agentId + " in this workspace");
        }
        if (agentId.equals(current.assignee())) {
            return current;
        }
        HandoffState stored = write(current.withAssignee(agentId));
        events.assignmentChanged(stored, current.assignee(), caller.agent(), "assigned by " + caller.agent());
        if (current.assignee() != null) {
            freed.fire(new SeatsFreed(caller.workspace()));
        }
        return stored;
    }

    @Transactional(rollbackOn = Exception.class)
    public HandoffState unassign(Caller caller, String conversationId, OptionalLong ifVersion) throws SQLException {
        HandoffState current = lockedExisting(caller, conversationId, ifVersion);
        if (current.assignee() == null) {
            return current;
        }
        HandoffState stored = write(current.withAssignee(null));
        events.assignmentChanged(stored, current.assignee(), caller.agent(), "unassigned by " + caller.agent());
        freed.fire(new SeatsFreed(caller.workspace()));
        return stored;
    }

    /**
     * The holder's reply: a message of the conversation with role {@code agent} on {@code inbox.messages}, and what the
     * visitor's channel must send on {@code inbox.outbound}. Returns the message's id.
     */
    @Transactional(rollbackOn = Exception.class)
    public String reply(Caller caller, String conversationId, String text, OptionalLong ifVersion) throws SQLException {
        HandoffState current = lockedExisting(caller, conversationId, ifVersion);
        if (!current.heldBy(caller.agent())) {
            throw ProblemException.conflict(current.mode() == Mode.BOT
                    ? "the bot answers this conversation: take it over to reply"
                    : current.holder() + " holds this conversation; only they can reply");
        }
        if (!current.reachable()) {
            throw ProblemException.conflict("no message of this conversation has reached the inbox yet");
        }
        String messageId = "agent-" + UUID.randomUUID();
        String name = agents.name(caller.workspace(), caller.agent()).orElse(caller.agent());
        events.message(new MessageCreated(current.workspaceId(), current.botId(), current.channel(), conversationId,
                messageId, new Sender(Role.AGENT, caller.agent(), name), text, null, null, List.of()));
        events.outbound(current, OutboundKind.MESSAGE, messageId, text, caller.agent());
        if (current.visitorWaitingSince() != null) {
            write(current.answered());
        }
        return messageId;
    }

    /**
     * The conversation, its row locked; {@code 412} when the caller acts on a version it has moved past (an {@code If-Match} of
     * what its screen showed).
     */
    private HandoffState lockedExisting(Caller caller, String conversationId, OptionalLong ifVersion) throws SQLException {
        conversations.shareWorkspace(caller.workspace());
        HandoffState current = conversations.lock(new ConversationKey(caller.workspace(), conversationId))
                .orElseThrow(() -> notFound(conversationId));
        if (ifVersion.isPresent() && ifVersion.getAsLong() != current.version()) {
            throw ProblemException.preconditionFailed("the conversation changed since version " + ifVersion.getAsLong()
                    + ": it is at version " + current.version());
        }
        return current;
    }

    private static void refuseIfHeldByAnother(HandoffState state, Caller caller, OptionalLong ifVersion) {
        boolean versionMatches = ifVersion.isEmpty() || ifVersion.getAsLong() == state.version();
        if (versionMatches && state.mode() == Mode.HUMAN && !state.heldBy(caller.agent())) {
            throw ProblemException.conflict(state.holder() + " already holds this conversation");
        }
    }

    /** Another workspace's conversation does not exist for the caller: {@code 404}, as for one never seen. */
    private HandoffState existing(Caller caller, String conversationId) throws SQLException {
        return conversations.find(new ConversationKey(caller.workspace(), conversationId))
                .orElseThrow(() -> notFound(conversationId));
    }

    private static ProblemException notFound(String conversationId) {
        return ProblemException.notFound("no conversation " + conversationId + " in this workspace");
    }

    private HandoffState write(HandoffState changed) throws SQLException {
        // the row is locked: a version that moved is a fault, never a lost race
        return conversations.update(changed)
                .orElseThrow(() -> new IllegalStateException("a conversation changed under its workspace's lock"));
    }
}
