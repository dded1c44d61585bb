package org.chatinbox.conversation.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.conversation.model.HistoryEntry;
import org.chatinbox.conversation.model.Page;
import org.chatinbox.service.model.ConversationKey;

/** Each conversation's history: every handoff, assignment, status and label change, by the time it happened. */
@ApplicationScoped
public class TimelineRepository {

    private final DataSource dataSource;

    public TimelineRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void add(ConversationKey conversation, Instant at, String type, String actor, String from, String to,
            String reason) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO timeline_entry
                            (workspace_id, conversation_id, at, type, actor, from_value, to_value, reason, event_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, conversation.workspaceId());
            insert.setString(2, conversation.conversationId());
            insert.setTimestamp(3, Sql.timestamp(at));
            insert.setString(4, type);
            insert.setString(5, actor);
            insert.setString(6, from);
            insert.setString(7, to);
            insert.setString(8, reason);
            insert.setString(9, "local:" + UUID.randomUUID());
            insert.executeUpdate();
        }
    }

    /** A conversation's timeline, oldest first; the cursor's id is the entry's own (a sequence, unique). */
    public Page<HistoryEntry> page(ConversationKey conversation, int limit, Cursor after) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT at, type, actor, from_value, to_value, reason, id FROM timeline_entry
                WHERE workspace_id = ? AND conversation_id = ?""");
        if (after != null) {
            sql.append(" AND (at, id) > (?, ?)");
        }
        sql.append(" ORDER BY at, id LIMIT ?");
        record Entry(HistoryEntry entry, long id) {
        }
        List<Entry> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql.toString())) {
            int index = Sql.bind(query, 1, conversation);
            if (after != null) {
                query.setTimestamp(index++, Timestamp.from(after.at()));
                query.setLong(index++, after.sequence());
            }
            query.setInt(index, limit + 1);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Entry(new HistoryEntry(Sql.instant(result.getTimestamp(1)), result.getString(2),
                            result.getString(3), result.getString(4), result.getString(5), result.getString(6)),
                            result.getLong(7)));
                }
            }
        }
        Page<Entry> page = Sql.page(rows, limit, e -> new Cursor(e.entry().at(), Long.toString(e.id())));
        return new Page<>(page.items().stream().map(Entry::entry).toList(), page.nextCursor());
    }
}
