package org.chatinbox.conversation.service;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.chatinbox.conversation.repository.ConversationStateRepository;
import org.chatinbox.conversation.repository.TimelineRepository;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.AssignmentChanged;
import org.chatinbox.events.data.HandoffChanged;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.Mode;
import org.chatinbox.events.data.SummaryUpdated;
import org.chatinbox.service.model.ConversationKey;

/**
 * The state other services own (mode, holder, needsHuman, assignee, summary), applied in the consumer's transaction. The newest
 * change by its event time wins, so a late or replayed event never undoes a newer one; each change that lands is also a
 * timeline entry, and shows on the conversation.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class OwnedStateService {

    private final ConversationStateRepository state;
    private final TimelineRepository timeline;

    public OwnedStateService(ConversationStateRepository state, TimelineRepository timeline) {
        this.state = state;
        this.timeline = timeline;
    }

    public void handoff(CloudEvent<?> event, HandoffChanged handoff) throws SQLException {
        ConversationKey key = new ConversationKey(handoff.workspaceId(), handoff.conversationId());
        var previousMode = state.handoff(key, handoff.mode().name(), handoff.holder(), handoff.needsHuman(), event.time());
        if (previousMode.isEmpty()) {
            return; // an older change than the one stored
        }
        timeline.add(key, event.time(), "handoff", handoff.actor(), previousMode.get(), handoff.mode().name(),
                handoff.reason());
        if (handoff.mode() == Mode.HUMAN && !Mode.HUMAN.name().equals(previousMode.get())) {
            Instant requested = handoff.humanRequestedAt();
            state.held(key, event.time(), requested == null || requested.isAfter(event.time())
                    ? null
                    : Duration.between(requested, event.time()).toSeconds());
        } else if (handoff.mode() == Mode.BOT && Mode.HUMAN.name().equals(previousMode.get())) {
            state.released(key, event.time());
        }
        state.copyToConversation(key);
    }

    public void assignment(CloudEvent<?> event, AssignmentChanged assignment) throws SQLException {
        ConversationKey key = new ConversationKey(assignment.workspaceId(), assignment.conversationId());
        if (!state.assignment(key, assignment.assignee(), event.time())) {
            return;
        }
        timeline.add(key, event.time(), "assignment", assignment.actor(), assignment.previousAssignee(),
                assignment.assignee(), assignment.reason());
        state.copyToConversation(key);
    }

    public void summary(SummaryUpdated summary) throws SQLException {
        ConversationKey key = new ConversationKey(summary.workspaceId(), summary.conversationId());
        if (state.summary(key, summary, summary.generatedAt())) {
            state.copyToConversation(key);
        }
    }

    /**
     * The bot asks for a human: {@code needsHuman} until an agent takes over. The request is kept by its time beside the last
     * handoff change, and the copy decides from both, so the answer is the same whichever topic is applied first (as in a
     * rebuild); a conversation already held by a human stays as it is.
     */
    public void humanRequested(CloudEvent<?> event, HandoffRequested request) throws SQLException {
        ConversationKey key = new ConversationKey(request.workspaceId(), request.conversationId());
        state.humanRequested(key, event.time());
        timeline.add(key, event.time(), "handoff.requested", "bot", null, null, request.reason());
        state.copyToConversation(key);
    }

    /**
     * Conversations created in this batch take the state that arrived before their first message. Their state rows are locked
     * first (created if need be), because a batch creating a conversation and one writing its state or rating its messages must
     * meet on a row: whichever comes second waits for the other to commit, then sees its writes. Without it, a handoff applied
     * while the conversation was still uncommitted copied to no row, this copy saw no state yet, and the change never showed.
     */
    public void takeStateOfNewConversations(List<ConversationKey> created) throws SQLException {
        state.lock(created);
        state.copyToConversations(created);
    }
}
