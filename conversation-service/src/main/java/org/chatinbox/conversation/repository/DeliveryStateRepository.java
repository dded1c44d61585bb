package org.chatinbox.conversation.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.data.DeliveryUpdated;

/** Each agent reply's delivery state, the outcome of its latest attempt winning whatever order the outcomes come in. */
@ApplicationScoped
public class DeliveryStateRepository {

    private final DataSource dataSource;

    public DeliveryStateRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(List<DeliveryUpdated> outcomes) throws SQLException {
        if (outcomes.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO message_delivery AS d (workspace_id, conversation_id, message_id, state, attempt)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (workspace_id, conversation_id, message_id) DO UPDATE
                            SET state = excluded.state, attempt = excluded.attempt
                        WHERE d.attempt <= excluded.attempt""")) {
            for (DeliveryUpdated outcome : outcomes) {
                upsert.setString(1, outcome.workspaceId());
                upsert.setString(2, outcome.conversationId());
                upsert.setString(3, outcome.messageId());
                upsert.setString(4, outcome.state().name().toLowerCase(Locale.ROOT));
                upsert.setInt(5, outcome.attempt());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }
}
