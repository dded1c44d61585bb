package org.chatinbox.handoff.service;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.AssignmentChanged;
import org.chatinbox.events.data.EventData;
import org.chatinbox.events.data.HandoffChanged;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.OutboundKind;
import org.chatinbox.events.data.OutboundRequested;
import org.chatinbox.handoff.model.HandoffState;
import org.chatinbox.service.outbox.Outbox;
import org.chatinbox.service.repository.ProcessedEventRepository;

/**
 * The events of a change, written through the outbox in the change's transaction: the change and its events commit together or
 * not at all.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class HandoffEvents {

    static final String SOURCE = "/services/handoff";

    private final Outbox outbox;
    private final ProcessedEventRepository processed;

    public HandoffEvents(Outbox outbox, ProcessedEventRepository processed) {
        this.outbox = outbox;
        this.processed = processed;
    }

    /** Mode, holder or needsHuman changed; {@code humanRequestedAt} is set on a take-over that answers the bot's request. */
    public void handoffChanged(HandoffState state, String actor, String reason, Instant humanRequestedAt)
            throws SQLException {
        publish(new HandoffChanged(state.workspaceId(), state.conversationId(), state.mode(), state.holder(),
                state.needsHuman(), actor, reason, humanRequestedAt));
    }

    public void assignmentChanged(HandoffState state, String previousAssignee, String actor, String reason)
            throws SQLException {
        publish(new AssignmentChanged(state.workspaceId(), state.conversationId(), state.assignee(), previousAssignee, actor,
                reason));
    }

    /** What the conversation's channel must do; nothing for a conversation whose bot and channel are not known yet. */
    public void outbound(HandoffState state, OutboundKind kind, String messageId, String text, String agent)
            throws SQLException {
        if (state.reachable()) {
            publish(new OutboundRequested(state.workspaceId(), state.botId(), state.channel(), state.conversationId(), kind,
                    messageId, text, agent));
        }
    }

    /**
     * An agent's reply, a message of the conversation like any other. Its id is marked processed, so that reading it back from
     * {@code inbox.messages} changes nothing here.
     */
    public void message(MessageCreated message) throws SQLException {
        CloudEvent<MessageCreated> event = CloudEvent.of(UUID.randomUUID().toString(), SOURCE, Instant.now(), message);
        processed.claim(List.of(event.id()));
        outbox.publish(event);
    }

    private void publish(EventData data) throws SQLException {
        outbox.publish(CloudEvent.of(UUID.randomUUID().toString(), SOURCE, Instant.now(), data));
    }
}
