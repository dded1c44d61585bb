package org.chatinbox.conversation.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.conversation.model.MessageKey;
import org.chatinbox.conversation.model.MessageView;
import org.chatinbox.conversation.model.Page;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.service.model.ConversationKey;
import org.chatinbox.service.repository.ArrayColumns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** The messages of each conversation: stored a batch at a time, read a page at a time in their own time order. */
@ApplicationScoped
public class MessageRepository {

    private static final ArrayColumns<CloudEvent<MessageCreated>> COLUMNS = new ArrayColumns<CloudEvent<MessageCreated>>()
            .add("workspace_id", "varchar", e -> e.data().workspaceId())
            .add("conversation_id", "varchar", e -> e.data().conversationId())
            .add("id", "varchar", e -> e.data().messageId())
            .add("event_id", "varchar", CloudEvent::id)
            .add("role", "varchar", e -> e.data().sender().role().wireName())
            .add("sender_id", "varchar", e -> e.data().sender().id())
            .add("sender_name", "varchar", e -> e.data().sender().name())
            .add("text", "text", e -> e.data().text())
            .add("sent_at", "timestamptz", e -> Sql.timestamp(e.time()))
            .add("bot_fallback", "boolean", e -> e.data().bot() == null ? null : e.data().bot().fallback())
            .add("bot_intent", "varchar", e -> e.data().bot() == null ? null : e.data().bot().intent())
            .add("attachments", "jsonb", e -> e.data().attachments() == null || e.data().attachments().isEmpty()
                    ? null
                    : Sql.json(e.data().attachments()));

    private final DataSource dataSource;

    public MessageRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts the messages not stored yet; returns the keys of those it inserted. */
    public Set<MessageKey> insertNew(List<CloudEvent<MessageCreated>> messages) throws SQLException {
        Set<MessageKey> inserted = new HashSet<>();
        if (messages.isEmpty()) {
            return inserted;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO message (" + COLUMNS.names()
                        + ") SELECT * FROM " + COLUMNS.unnest()
                        + " ON CONFLICT DO NOTHING RETURNING workspace_id, conversation_id, id")) {
            COLUMNS.bind(connection, insert, 1, messages);
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    inserted.add(new MessageKey(new ConversationKey(rows.getString(1), rows.getString(2)),
                            rows.getString(3)));
                }
            }
        }
        return inserted;
    }

    /** One conversation's messages by their own time, oldest first ({@code ascending}) or newest first. */
    public Page<MessageView> page(ConversationKey conversation, boolean ascending, int limit, Cursor after)
            throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT m.id, m.role, m.sender_id, m.sender_name, m.text, m.sent_at, m.feedback, m.attachments,
                    CASE WHEN m.role = 'agent' THEN d.state END
                FROM message m LEFT JOIN message_delivery d ON d.workspace_id = m.workspace_id
                    AND d.conversation_id = m.conversation_id AND d.message_id = m.id
                WHERE m.workspace_id = ? AND m.conversation_id = ?""");
        if (after != null) {
            sql.append(ascending ? " AND (m.sent_at, m.id) > (?, ?)" : " AND (m.sent_at, m.id) < (?, ?)");
        }
        sql.append(ascending ? " ORDER BY m.sent_at, m.id" : " ORDER BY m.sent_at DESC, m.id DESC").append(" LIMIT ?");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql.toString())) {
            int index = Sql.bind(query, 1, conversation);
            if (after != null) {
                query.setTimestamp(index++, Timestamp.from(after.at()));
                query.setString(index++, after.id());
            }
            query.setInt(index, limit + 1);
            List<MessageView> items = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    items.add(new MessageView(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), Sql.instant(rows.getTimestamp(6)), rows.getString(7),
                            attachments(rows.getString(8)), rows.getString(9)));
                }
            }
            return Sql.page(items, limit, m -> new Cursor(m.sentAt(), m.id()));
        }
    }

    private static List<JsonNode> attachments(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<JsonNode> items = new ArrayList<>();
            EventJson.mapper().readTree(json).forEach(items::add);
            return items;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
