package org.chatinbox.conversation.repository;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.chatinbox.conversation.model.ConversationStatus;
import org.chatinbox.conversation.model.Page;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.Status;
import org.chatinbox.service.model.ConversationKey;
import org.chatinbox.service.repository.ArrayColumns;

import com.fasterxml.jackson.core.JsonProcessingException;

/** How the read model's values are written in its columns and read back. */
final class Sql {

    /** A batch of conversation keys, bound as the two arrays of {@code unnest(?::varchar[], ?::varchar[])}. */
    static final ArrayColumns<ConversationKey> KEYS = new ArrayColumns<ConversationKey>()
            .add("workspace_id", "varchar", ConversationKey::workspaceId)
            .add("conversation_id", "varchar", ConversationKey::conversationId);

    private Sql() {
    }

    /** Binds the conversation's workspace and id from parameter {@code index} on; returns the next index. */
    static int bind(PreparedStatement statement, int index, ConversationKey conversation) throws SQLException {
        statement.setString(index, conversation.workspaceId());
        statement.setString(index + 1, conversation.conversationId());
        return index + 2;
    }

    /** PostgreSQL keeps microseconds: truncating here keeps keyset cursors exact. */
    static Timestamp timestamp(Instant time) {
        return time == null ? null : Timestamp.from(time.truncatedTo(ChronoUnit.MICROS));
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /**
     * The {@code status, snoozed_until, labels} columns at the start of a row, as the conversation's status; statuses are
     * stored as the contract spells them ({@link Status#wireName()}).
     */
    static ConversationStatus conversationStatus(ResultSet row) throws SQLException {
        return new ConversationStatus(Status.valueOf(row.getString(1).toUpperCase(Locale.ROOT)),
                instant(row.getTimestamp(2)), strings(row.getArray(3)));
    }

    static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page of rows read with one more than the limit: that one only says whether there is a next page. */
    static <T> Page<T> page(List<T> rows, int limit, Function<T, Cursor> position) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), position.apply(items.get(limit - 1)).encode());
    }
}
