package org.chatinbox.conversation.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;

/** Writes an event into the outbox, on the caller's connection: it commits or rolls back with the change it announces. */
public final class Outbox {

    private Outbox() {
    }

    public static void enqueue(Connection connection, EventCodec codec, CloudEvent<?> event) throws SQLException {
        try (PreparedStatement insert = connection
                .prepareStatement("INSERT INTO outbox (topic, record_key, payload) VALUES (?, ?, ?)")) {
            insert.setString(1, event.topic());
            insert.setString(2, event.key());
            insert.setBytes(3, codec.encode(event));
            insert.executeUpdate();
        }
    }
}
