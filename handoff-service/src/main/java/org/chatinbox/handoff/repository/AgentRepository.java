package org.chatinbox.handoff.repository;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.handoff.model.Agent;

/** {@code agent}: the agents of each workspace, their availability, and (counted from the conversations) their open load. */
@ApplicationScoped
public class AgentRepository {

    /** A workspace's agents are listed in one answer; no team of this kind of product has more. */
    public static final int MAX_LISTED = 1000;

    private static final String WITH_LOAD = """
            SELECT a.agent_id, a.name, a.roles, a.available,
                (SELECT count(*) FROM conversation c WHERE c.workspace_id = a.workspace_id AND c.assignee = a.agent_id
                    AND NOT c.resolved),
                (SELECT count(*) FROM conversation c WHERE c.workspace_id = a.workspace_id AND c.holder = a.agent_id
                    AND c.mode = 'HUMAN' AND c.visitor_waiting_since IS NOT NULL)
            FROM agent a WHERE a.workspace_id = ?""";

    private final DataSource dataSource;

    public AgentRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An agent of the configuration: name and roles as configured, availability as the agent left it. */
    public void upsert(String workspace, String agentId, String name, List<String> roles) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO agent (workspace_id, agent_id, name, roles) VALUES (?, ?, ?, ?)
                        ON CONFLICT (workspace_id, agent_id) DO UPDATE SET name = excluded.name, roles = excluded.roles""")) {
            upsert.setString(1, workspace);
            upsert.setString(2, agentId);
            upsert.setString(3, name);
            upsert.setArray(4, connection.createArrayOf("text", roles.toArray()));
            upsert.executeUpdate();
        }
    }

    /** An authenticated caller not known yet (e.g. from a bearer token) becomes an agent of its workspace. */
    public void register(String workspace, String agentId, List<String> roles) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO agent (workspace_id, agent_id, name, roles) VALUES (?, ?, ?, ?)
                        ON CONFLICT (workspace_id, agent_id) DO NOTHING""")) {
            insert.setString(1, workspace);
            insert.setString(2, agentId);
            insert.setString(3, agentId);
            insert.setArray(4, connection.createArrayOf("text", roles.toArray()));
            insert.executeUpdate();
        }
    }

    public Optional<Agent> find(String workspace, String agentId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(WITH_LOAD + " AND a.agent_id = ?")) {
            select.setString(1, workspace);
            select.setString(2, agentId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(agent(row)) : Optional.empty();
            }
        }
    }

    /** The agent's name, as its replies carry it; empty for an agent that does not exist. */
    public Optional<String> name(String workspace, String agentId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT name FROM agent WHERE workspace_id = ? AND agent_id = ?")) {
            select.setString(1, workspace);
            select.setString(2, agentId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /** The workspace's agents by id, each with its load, at most {@link #MAX_LISTED}. */
    public List<Agent> list(String workspace) throws SQLException {
        List<Agent> agents = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(WITH_LOAD + " ORDER BY a.agent_id LIMIT ?")) {
            select.setString(1, workspace);
            select.setInt(2, MAX_LISTED);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    agents.add(agent(rows));
                }
            }
        }
        return agents;
    }

    /** Returns whether the availability changed; false as well for an agent that does not exist. */
    public boolean setAvailable(String workspace, String agentId, boolean available) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE agent SET available = ? WHERE workspace_id = ? AND agent_id = ? AND available <> ?""")) {
            update.setBoolean(1, available);
            update.setString(2, workspace);
            update.setString(3, agentId);
            update.setBoolean(4, available);
            return update.executeUpdate() > 0;
        }
    }

    /**
     * The available agent with the fewest open conversations, under {@code cap}; on a tie the one that waited longest since its
     * last automatic assignment (round-robin), then by id. Empty when every available agent is at the cap.
     */
    public Optional<String> leastLoaded(String workspace, int cap) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT a.agent_id FROM agent a
                        CROSS JOIN LATERAL (SELECT count(*) AS open FROM conversation c WHERE c.workspace_id = a.workspace_id
                            AND c.assignee = a.agent_id AND NOT c.resolved) l
                        WHERE a.workspace_id = ? AND a.available AND l.open < ?
                        ORDER BY l.open, a.last_assigned NULLS FIRST, a.agent_id LIMIT 1""")) {
            select.setString(1, workspace);
            select.setInt(2, cap);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    public boolean anyAvailable(String workspace) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT 1 FROM agent WHERE workspace_id = ? AND available LIMIT 1")) {
            select.setString(1, workspace);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /** The agent had a conversation assigned automatically: last in the round-robin order of its equals. */
    public void markAssigned(String workspace, String agentId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE agent SET last_assigned = nextval('assignment_order') WHERE workspace_id = ? AND agent_id = ?")) {
            update.setString(1, workspace);
            update.setString(2, agentId);
            update.executeUpdate();
        }
    }

    private static Agent agent(ResultSet row) throws SQLException {
        Array roles = row.getArray(3);
        return new Agent(row.getString(1), row.getString(2), Arrays.asList((String[]) roles.getArray()), row.getBoolean(4),
                row.getInt(5), row.getInt(6));
    }
}
