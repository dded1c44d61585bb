package org.chatinbox.conversation.service;

import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.chatinbox.conversation.model.MessageKey;
import org.chatinbox.conversation.repository.ConversationStateRepository;
import org.chatinbox.conversation.repository.ConversationWriteRepository;
import org.chatinbox.conversation.repository.FeedbackRepository;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.FeedbackRecorded;
import org.chatinbox.events.data.Rating;
import org.chatinbox.service.model.ConversationKey;

/**
 * Ratings of messages, applied in the consumer's transaction; the latest rating of a message wins, by the rating's own time,
 * and the conversation's counts follow. A rating comes after its message on the same partition, but batches apply concurrently:
 * its message may be uncommitted in another transaction, or not written yet. A rating that finds no message waits for whoever
 * is writing that conversation (both lock its state row, see {@link OwnedStateService#takeStateOfNewConversations}, or its
 * conversation row) and looks again; a message still missing then is written later, and the rating waits for it.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class FeedbackService {

    private final FeedbackRepository feedback;
    private final ConversationStateRepository state;
    private final ConversationWriteRepository conversations;

    public FeedbackService(FeedbackRepository feedback, ConversationStateRepository state,
            ConversationWriteRepository conversations) {
        this.feedback = feedback;
        this.state = state;
        this.conversations = conversations;
    }

    public void record(CloudEvent<?> event, FeedbackRecorded recorded) throws SQLException {
        ConversationKey conversation = new ConversationKey(recorded.workspaceId(), recorded.conversationId());
        MessageKey message = new MessageKey(conversation, recorded.messageId());
        String rating = recorded.rating() == Rating.HELPFUL ? "helpful" : "unhelpful";
        if (!feedback.rate(message, rating, event.time())) {
            state.lock(conversation);
            conversations.lock(conversation);
            if (!feedback.rate(message, rating, event.time())) {
                feedback.keep(message, rating, event.time());
                return;
            }
        }
        feedback.recount(List.of(conversation));
    }

    /** Ratings that came before their message, applied once the batch's messages are stored. */
    public void applyWaiting(List<ConversationKey> conversations) throws SQLException {
        feedback.recount(feedback.applyWaiting(conversations));
    }
}
