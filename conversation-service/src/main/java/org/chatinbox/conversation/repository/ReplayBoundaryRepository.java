package org.chatinbox.conversation.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** The end offsets of a topic at the moment this read model, empty, first consumed it: stored once, for all replicas. */
@ApplicationScoped
public class ReplayBoundaryRepository {

    private final DataSource dataSource;

    public ReplayBoundaryRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The stored end offset of each partition; empty when none was stored yet. */
    public Map<Integer, Long> load(String topic) throws SQLException {
        Map<Integer, Long> stored = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT partition, end_offset FROM replay_boundary WHERE topic = ?")) {
            select.setString(1, topic);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getInt(1), rows.getLong(2));
                }
            }
        }
        return stored;
    }

    /** Stores the end offsets unless another replica stored its own first: then that one holds for all. */
    public void storeFirst(String topic, Map<Integer, Long> endOffsets) throws SQLException {
        List<Integer> partitions = List.copyOf(endOffsets.keySet());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO replay_boundary (topic, partition, end_offset)
                        SELECT ?, p, o FROM unnest(?::integer[], ?::bigint[]) AS u(p, o)
                        WHERE NOT EXISTS (SELECT 1 FROM replay_boundary WHERE topic = ?)
                        ON CONFLICT DO NOTHING""")) {
            insert.setString(1, topic);
            insert.setArray(2, connection.createArrayOf("integer", partitions.toArray()));
            insert.setArray(3, connection.createArrayOf("bigint", partitions.stream().map(endOffsets::get).toArray()));
            insert.setString(4, topic);
            insert.executeUpdate();
        }
    }
}
