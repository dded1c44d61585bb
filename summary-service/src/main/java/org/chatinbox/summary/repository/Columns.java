package org.chatinbox.summary.repository;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import org.chatinbox.service.model.ConversationKey;
import org.chatinbox.service.repository.ArrayColumns;

/** How this service's values are written in its columns and read back. */
final class Columns {

    /** A batch of conversation keys, bound as the two arrays of {@code unnest(?::varchar[], ?::varchar[])}. */
    static final ArrayColumns<ConversationKey> KEYS = new ArrayColumns<ConversationKey>()
            .add("workspace_id", "varchar", ConversationKey::workspaceId)
            .add("conversation_id", "varchar", ConversationKey::conversationId);

    private Columns() {
    }

    /** PostgreSQL keeps microseconds. */
    static Timestamp timestamp(Instant time) {
        return time == null ? null : Timestamp.from(time.truncatedTo(ChronoUnit.MICROS));
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Date date(LocalDate day) {
        return Date.valueOf(day);
    }
}
