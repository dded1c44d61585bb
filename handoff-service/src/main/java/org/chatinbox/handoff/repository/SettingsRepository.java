package org.chatinbox.handoff.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.handoff.model.AutoAssignment;

/** {@code auto_assignment}: each workspace's settings; {@link AutoAssignment#OFF} until an admin sets them. */
@ApplicationScoped
public class SettingsRepository {

    private final DataSource dataSource;

    public SettingsRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public AutoAssignment autoAssignment(String workspace) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT enabled, max_open_per_agent FROM auto_assignment WHERE workspace_id = ?")) {
            select.setString(1, workspace);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new AutoAssignment(row.getBoolean(1), row.getInt(2)) : AutoAssignment.OFF;
            }
        }
    }

    public void setAutoAssignment(String workspace, AutoAssignment settings) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO auto_assignment (workspace_id, enabled, max_open_per_agent) VALUES (?, ?, ?)
                        ON CONFLICT (workspace_id) DO UPDATE SET enabled = excluded.enabled,
                            max_open_per_agent = excluded.max_open_per_agent""")) {
            upsert.setString(1, workspace);
            upsert.setBoolean(2, settings.enabled());
            upsert.setInt(3, settings.maxOpenPerAgent());
            upsert.executeUpdate();
        }
    }
}
