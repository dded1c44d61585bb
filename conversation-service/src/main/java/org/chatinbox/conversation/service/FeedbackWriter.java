package org.chatinbox.conversation.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.FeedbackRecorded;
import org.chatinbox.events.data.Rating;

/**
 * Ratings of messages; the latest rating of a message wins, by the rating's own time, and the conversation's counts follow. A
 * rating comes after its message on the same partition, but batches apply concurrently: its message may be uncommitted in
 * another transaction, or not written yet. A rating that finds no message waits for whoever is writing that conversation (both
 * lock its state row, see {@link OwnedStateWriter#takeStateOfNewConversations}, or its conversation row) and looks again; a
 * message still missing then is written later, and the rating waits for it in {@code feedback_pending}.
 */
final class FeedbackWriter {

    private FeedbackWriter() {
    }

    static void record(Connection connection, CloudEvent<?> event, FeedbackRecorded feedback) throws SQLException {
        Timestamp at = ReadModelWriter.timestamp(event.time());
        String rating = feedback.rating() == Rating.HELPFUL ? "helpful" : "unhelpful";
        if (!rate(connection, feedback, rating, at)) {
            OwnedStateWriter.lockState(connection, feedback.workspaceId(), feedback.conversationId());
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT 1 FROM conversation WHERE workspace_id = ? AND id = ? FOR UPDATE")) {
                lock.setString(1, feedback.workspaceId());
                lock.setString(2, feedback.conversationId());
                lock.executeQuery().close();
            }
            if (!rate(connection, feedback, rating, at)) {
                keep(connection, feedback, rating, at);
                return;
            }
        }
        recount(connection, List.<String[]>of(new String[]{feedback.workspaceId(), feedback.conversationId()}));
    }

    /** Ratings that came before their message, applied once the batch's messages are stored. */
    static void applyWaiting(Connection connection, List<String[]> conversations) throws SQLException {
        if (conversations.isEmpty()) {
            return;
        }
        Map<String, String[]> rated = new TreeMap<>();
        try (PreparedStatement apply = connection.prepareStatement("""
                WITH due AS (
                    DELETE FROM feedback_pending p USING unnest(?::varchar[], ?::varchar[]) AS k(w, c)
                    WHERE p.workspace_id = k.w AND p.conversation_id = k.c AND EXISTS (SELECT 1 FROM message m
                        WHERE m.workspace_id = p.workspace_id AND m.conversation_id = p.conversation_id AND m.id = p.message_id)
                    RETURNING p.*)
                UPDATE message m SET feedback = due.rating, feedback_at = due.rated_at FROM due
                WHERE m.workspace_id = due.workspace_id AND m.conversation_id = due.conversation_id AND m.id = due.message_id
                    AND (m.feedback_at IS NULL OR m.feedback_at <= due.rated_at)
                RETURNING m.workspace_id, m.conversation_id""")) {
            apply.setArray(1, connection.createArrayOf("varchar", conversations.stream().map(k -> k[0]).toArray()));
            apply.setArray(2, connection.createArrayOf("varchar", conversations.stream().map(k -> k[1]).toArray()));
            try (ResultSet rows = apply.executeQuery()) {
                while (rows.next()) {
                    rated.put(rows.getString(1) + '\u0000' + rows.getString(2),
                            new String[]{rows.getString(1), rows.getString(2)});
                }
            }
        }
        recount(connection, List.copyOf(rated.values()));
    }

    /** Rates the message if it is there (an older rating than the stored one changes nothing); false if it is not. */
    private static boolean rate(Connection connection, FeedbackRecorded feedback, String rating, Timestamp at)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE message SET feedback = CASE WHEN feedback_at IS NULL OR feedback_at <= ? THEN ? ELSE feedback END,
                    feedback_at = greatest(feedback_at, ?)
                WHERE workspace_id = ? AND conversation_id = ? AND id = ?""")) {
            update.setTimestamp(1, at);
            update.setString(2, rating);
            update.setTimestamp(3, at);
            update.setString(4, feedback.workspaceId());
            update.setString(5, feedback.conversationId());
            update.setString(6, feedback.messageId());
            return update.executeUpdate() > 0;
        }
    }

    private static void keep(Connection connection, FeedbackRecorded feedback, String rating, Timestamp at)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO feedback_pending AS p (workspace_id, conversation_id, message_id, rating, rated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id, conversation_id, message_id) DO UPDATE
                    SET rating = excluded.rating, rated_at = excluded.rated_at
                WHERE p.rated_at <= excluded.rated_at""")) {
            insert.setString(1, feedback.workspaceId());
            insert.setString(2, feedback.conversationId());
            insert.setString(3, feedback.messageId());
            insert.setString(4, rating);
            insert.setTimestamp(5, at);
            insert.executeUpdate();
        }
    }

    private static void recount(Connection connection, List<String[]> conversations) throws SQLException {
        if (conversations.isEmpty()) {
            return;
        }
        try (PreparedStatement count = connection.prepareStatement("""
                UPDATE conversation c SET
                    feedback_helpful = (SELECT count(*) FROM message m WHERE m.workspace_id = c.workspace_id
                        AND m.conversation_id = c.id AND m.feedback = 'helpful'),
                    feedback_unhelpful = (SELECT count(*) FROM message m WHERE m.workspace_id = c.workspace_id
                        AND m.conversation_id = c.id AND m.feedback = 'unhelpful')
                WHERE (c.workspace_id, c.id) IN (SELECT * FROM unnest(?::varchar[], ?::varchar[]))""")) {
            count.setArray(1, connection.createArrayOf("varchar", conversations.stream().map(k -> k[0]).toArray()));
            count.setArray(2, connection.createArrayOf("varchar", conversations.stream().map(k -> k[1]).toArray()));
            count.executeUpdate();
        }
    }
}
