package org.chatinbox.conversation.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.conversation.model.MessageKey;
import org.chatinbox.service.model.ConversationKey;

/**
 * Ratings of messages, the latest by its own time winning; those that came before their message wait in
 * {@code feedback_pending}; each conversation counts its helpful and unhelpful messages.
 */
@ApplicationScoped
public class FeedbackRepository {

    private final DataSource dataSource;

    public FeedbackRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Rates the message if it is stored (an older rating than the stored one changes nothing); false if it is not. */
    public boolean rate(MessageKey message, String rating, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        """
                                UPDATE message SET feedback = CASE WHEN feedback_at IS NULL OR feedback_at <= ? THEN ? ELSE feedback END,
                                    feedback_at = greatest(feedback_at, ?)
                                WHERE workspace_id = ? AND conversation_id = ? AND id = ?""")) {
            update.setTimestamp(1, Sql.timestamp(at));
            update.setString(2, rating);
            update.setTimestamp(3, Sql.timestamp(at));
            update.setString(4, message.conversation().workspaceId());
            update.setString(5, message.conversation().conversationId());
            update.setString(6, message.messageId());
            return update.executeUpdate() > 0;
        }
    }

    /** Keeps a rating whose message is not stored yet (the newer of two waiting ratings wins). */
    public void keep(MessageKey message, String rating, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO feedback_pending AS p (workspace_id, conversation_id, message_id, rating, rated_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (workspace_id, conversation_id, message_id) DO UPDATE
                            SET rating = excluded.rating, rated_at = excluded.rated_at
                        WHERE p.rated_at <= excluded.rated_at""")) {
            insert.setString(1, message.conversation().workspaceId());
            insert.setString(2, message.conversation().conversationId());
            insert.setString(3, message.messageId());
            insert.setString(4, rating);
            insert.setTimestamp(5, Sql.timestamp(at));
            insert.executeUpdate();
        }
    }

    /** Applies the waiting ratings whose messages are stored now; returns the conversations rated, in key order. */
    public List<ConversationKey> applyWaiting(List<ConversationKey> conversations) throws SQLException {
        TreeSet<ConversationKey> rated = new TreeSet<>();
        if (conversations.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement apply = connection.prepareStatement("""
                        WITH due AS (
                            DELETE FROM feedback_pending p USING unnest(?::varchar[], ?::varchar[]) AS k(w, c)
                            WHERE p.workspace_id = k.w AND p.conversation_id = k.c AND EXISTS (SELECT 1 FROM message m
                                WHERE m.workspace_id = p.workspace_id AND m.conversation_id = p.conversation_id
                                    AND m.id = p.message_id)
                            RETURNING p.*)
                        UPDATE message m SET feedback = due.rating, feedback_at = due.rated_at FROM due
                        WHERE m.workspace_id = due.workspace_id AND m.conversation_id = due.conversation_id
                            AND m.id = due.message_id AND (m.feedback_at IS NULL OR m.feedback_at <= due.rated_at)
                        RETURNING m.workspace_id, m.conversation_id""")) {
            Sql.KEYS.bind(connection, apply, 1, conversations);
            try (ResultSet rows = apply.executeQuery()) {
                while (rows.next()) {
                    rated.add(new ConversationKey(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return List.copyOf(rated);
    }

    /** Counts again each conversation's helpful and unhelpful messages; an unhelpful one puts it in the review queue. */
    public void recount(List<ConversationKey> conversations) throws SQLException {
        if (conversations.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement("""
                        UPDATE conversation c SET
                            feedback_helpful = (SELECT count(*) FROM message m WHERE m.workspace_id = c.workspace_id
                                AND m.conversation_id = c.id AND m.feedback = 'helpful'),
                            feedback_unhelpful = (SELECT count(*) FROM message m WHERE m.workspace_id = c.workspace_id
                                AND m.conversation_id = c.id AND m.feedback = 'unhelpful'),
                            bot_failed = c.bot_failed OR EXISTS (SELECT 1 FROM message m WHERE m.workspace_id = c.workspace_id
                                AND m.conversation_id = c.id AND m.feedback = 'unhelpful')
                        WHERE (c.workspace_id, c.id) IN (SELECT * FROM unnest(?::varchar[], ?::varchar[]))""")) {
            Sql.KEYS.bind(connection, count, 1, conversations);
            count.executeUpdate();
        }
    }
}
