package org.chatinbox.summary.repository;

import static org.chatinbox.summary.repository.Columns.KEYS;
import static org.chatinbox.summary.repository.Columns.instant;
import static org.chatinbox.summary.repository.Columns.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.data.Rating;
import org.chatinbox.events.data.Role;
import org.chatinbox.service.model.ConversationKey;
import org.chatinbox.service.repository.ArrayColumns;
import org.chatinbox.summary.model.StoredMessage;
import org.chatinbox.summary.model.Turn;
import org.chatinbox.summary.model.VisitorMessage;

/** {@code message}: the text of every message, read back a bounded window per conversation. */
@ApplicationScoped
public class MessageRepository {

    private static final ArrayColumns<StoredMessage> MESSAGES = new ArrayColumns<StoredMessage>()
            .add("workspace_id", "varchar", m -> m.key().workspaceId())
            .add("conversation_id", "varchar", m -> m.key().conversationId())
            .add("message_id", "varchar", m -> m.turn().messageId())
            .add("role", "varchar", m -> m.turn().role().wireName())
            .add("text", "text", m -> m.turn().text())
            .add("sent_at", "timestamptz", m -> timestamp(m.turn().sentAt()))
            .add("fallback", "boolean", m -> m.turn().fallback());

    private final DataSource dataSource;

    public MessageRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores the messages not stored yet (a message id is stored once per conversation, whatever the event's id); returns the
     * keys {@code workspace/conversation/message} of those that are new.
     */
    public Set<String> add(List<StoredMessage> messages) throws SQLException {
        Set<String> added = new HashSet<>();
        if (messages.isEmpty()) {
            return added;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO message (" + MESSAGES.names()
                        + ") SELECT * FROM " + MESSAGES.unnest()
                        + " ON CONFLICT DO NOTHING RETURNING workspace_id, conversation_id, message_id")) {
            MESSAGES.bind(connection, insert, 1, messages);
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    added.add(key(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return added;
    }

    public static String key(String workspace, String conversation, String message) {
        return workspace + '/' + conversation + '/' + message;
    }

    /**
     * The first {@code first} and last {@code last} messages of each conversation, chronological, with their latest rating:
     * what a summary reads, whatever the conversation's length. One statement for the whole batch.
     */
    public Map<ConversationKey, List<Turn>> turns(List<ConversationKey> keys, int first, int last) throws SQLException {
        Map<ConversationKey, List<Turn>> turns = new TreeMap<>();
        if (keys.isEmpty()) {
            return turns;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT k.workspace_id, k.conversation_id,"
                        + " t.message_id, t.role, t.text, t.sent_at, t.fallback, f.rating FROM " + KEYS.unnest()
                        + " AS k(workspace_id, conversation_id) CROSS JOIN LATERAL ("
                        + """
                                (SELECT message_id, role, text, sent_at, fallback FROM message m
                                    WHERE m.workspace_id = k.workspace_id AND m.conversation_id = k.conversation_id
                                    ORDER BY sent_at, message_id LIMIT ?)
                                UNION
                                (SELECT message_id, role, text, sent_at, fallback FROM message m
                                    WHERE m.workspace_id = k.workspace_id AND m.conversation_id = k.conversation_id
                                    ORDER BY sent_at DESC, message_id DESC LIMIT ?)) t
                                LEFT JOIN feedback f ON f.workspace_id = k.workspace_id AND f.conversation_id = k.conversation_id
                                    AND f.message_id = t.message_id
                                ORDER BY 1, 2, t.sent_at, t.message_id""")) {
            int next = KEYS.bind(connection, select, 1, keys);
            select.setInt(next, first);
            select.setInt(next + 1, last);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String rating = rows.getString(8);
                    turns.computeIfAbsent(new ConversationKey(rows.getString(1), rows.getString(2)), k -> new ArrayList<>())
                            .add(new Turn(rows.getString(3), Role.valueOf(rows.getString(4).toUpperCase(Locale.ROOT)),
                                    rows.getString(5), instant(rows.getTimestamp(6)), rows.getBoolean(7),
                                    rating == null ? null : Rating.valueOf(rating.toUpperCase(Locale.ROOT))));
                }
            }
        }
        return turns;
    }

    /** The visitor's latest message before the given one: the question a bot message answered. */
    public Optional<VisitorMessage> visitorBefore(ConversationKey key, String messageId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT v.message_id, v.text, v.sent_at FROM message b JOIN message v
                            ON v.workspace_id = b.workspace_id AND v.conversation_id = b.conversation_id AND v.role = 'visitor'
                            AND (v.sent_at, v.message_id) < (b.sent_at, b.message_id)
                        WHERE b.workspace_id = ? AND b.conversation_id = ? AND b.message_id = ?
                        ORDER BY v.sent_at DESC, v.message_id DESC LIMIT 1""")) {
            select.setString(1, key.workspaceId());
            select.setString(2, key.conversationId());
            select.setString(3, messageId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new VisitorMessage(rows.getString(1), rows.getString(2), instant(rows.getTimestamp(3))))
                        : Optional.empty();
            }
        }
    }
}
