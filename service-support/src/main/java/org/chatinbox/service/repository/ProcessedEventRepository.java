package org.chatinbox.service.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.properties.IfBuildProperty;

/** The ids of the events applied, which make applying one twice change nothing; written in the applying transaction. */
@ApplicationScoped
// a bean only in the services that keep a database (search-service has none)
@IfBuildProperty(name = "quarkus.datasource.db-kind", stringValue = "postgresql")
public class ProcessedEventRepository {

    private final DataSource dataSource;

    public ProcessedEventRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Marks the ids processed; returns those that were not marked before. */
    public Set<String> claim(Collection<String> eventIds) throws SQLException {
        Set<String> claimed = new HashSet<>();
        if (eventIds.isEmpty()) {
            return claimed;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO processed_event (event_id) SELECT unnest(?::varchar[])
                        ON CONFLICT DO NOTHING RETURNING event_id""")) {
            insert.setArray(1, connection.createArrayOf("varchar", eventIds.toArray()));
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    claimed.add(rows.getString(1));
                }
            }
        }
        return claimed;
    }
}
