package org.chatinbox.service.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Events written in the transaction of the change they announce, until the relay has them on Kafka. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas relay side by side, each its own rows.
 */
@ApplicationScoped
// a bean only in the services that keep a database (search-service has none)
@IfBuildProperty(name = "quarkus.datasource.db-kind", stringValue = "postgresql")
public class OutboxRepository {

    private final DataSource dataSource;

    public OutboxRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** In the caller's transaction: the event commits or rolls back with the change. */
    public void add(String topic, String key, byte[] payload) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection
                        .prepareStatement("INSERT INTO outbox (topic, record_key, payload) VALUES (?, ?, ?)")) {
            insert.setString(1, topic);
            insert.setString(2, key);
            insert.setBytes(3, payload);
            insert.executeUpdate();
        }
    }

    /** The oldest rows no other transaction holds, locked until this transaction ends. */
    public List<OutboxRecord> claim(int limit) throws SQLException {
        List<OutboxRecord> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement claim = connection.prepareStatement(
                        "SELECT id, topic, record_key, payload FROM outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            claim.setInt(1, limit);
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    claimed.add(new OutboxRecord(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getBytes(4)));
                }
            }
        }
        return claimed;
    }

    public void delete(List<OutboxRecord> relayed) throws SQLException {
        if (relayed.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
            delete.setArray(1, connection.createArrayOf("bigint", relayed.stream().map(OutboxRecord::id).toArray()));
            delete.executeUpdate();
        }
    }
}
