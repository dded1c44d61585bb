package org.chatinbox.summary.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.data.Rating;
import org.chatinbox.service.model.ConversationKey;

/** {@code feedback}: the latest rating of each bot message, so that a new rating replaces the old one in every count. */
@ApplicationScoped
public class FeedbackRepository {

    /** A rating given before, and the day it was counted on. */
    public record Previous(Rating rating, LocalDate day) {
    }

    private final DataSource dataSource;

    public FeedbackRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores the message's rating; returns the one it replaces, if any. The caller holds the conversation's lock; the old row
     * is read without one of its own (a row locked and updated by the same statement would read as absent).
     */
    public Optional<Previous> rate(ConversationKey key, String messageId, Rating rating, LocalDate day) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(
                        """
                                WITH old AS (SELECT rating, rated_on FROM feedback
                                    WHERE workspace_id = ? AND conversation_id = ? AND message_id = ?)
                                INSERT INTO feedback (workspace_id, conversation_id, message_id, rating, rated_on) VALUES (?, ?, ?, ?, ?)
                                ON CONFLICT (workspace_id, conversation_id, message_id) DO UPDATE
                                    SET rating = excluded.rating, rated_on = excluded.rated_on
                                RETURNING (SELECT rating FROM old), (SELECT rated_on FROM old)""")) {
            for (int offset : new int[]{0, 3}) {
                upsert.setString(offset + 1, key.workspaceId());
                upsert.setString(offset + 2, key.conversationId());
                upsert.setString(offset + 3, messageId);
            }
            upsert.setString(7, rating.name().toLowerCase(Locale.ROOT));
            upsert.setDate(8, Columns.date(day));
            try (ResultSet rows = upsert.executeQuery()) {
                rows.next();
                String before = rows.getString(1);
                return before == null
                        ? Optional.empty()
                        : Optional.of(new Previous(Rating.valueOf(before.toUpperCase(Locale.ROOT)),
                                rows.getDate(2).toLocalDate()));
            }
        }
    }
}
