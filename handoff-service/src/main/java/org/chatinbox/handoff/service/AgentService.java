package org.chatinbox.handoff.service;

import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.chatinbox.api.security.Caller;
import org.chatinbox.handoff.config.HandoffConfig;
import org.chatinbox.handoff.model.Agent;
import org.chatinbox.handoff.model.AutoAssignment;
import org.chatinbox.handoff.repository.AgentRepository;
import org.chatinbox.handoff.repository.HandoffRepository;
import org.chatinbox.handoff.repository.SettingsRepository;
import org.chatinbox.problem.ProblemException;

import io.quarkus.runtime.StartupEvent;

/**
 * The agents of a workspace and its auto-assignment settings. A change that may free a seat (an agent available again, a cap
 * raised, auto-assignment turned on) lets the waiting conversations take it, in the same transaction.
 */
@ApplicationScoped
public class AgentService {

    private final AgentRepository agents;
    private final SettingsRepository settings;
    private final HandoffRepository conversations;
    private final AutoAssigner autoAssigner;
    private final HandoffConfig config;

    public AgentService(AgentRepository agents, SettingsRepository settings, HandoffRepository conversations,
            AutoAssigner autoAssigner, HandoffConfig config) {
        this.agents = agents;
        this.settings = settings;
        this.conversations = conversations;
        this.autoAssigner = autoAssigner;
        this.config = config;
    }

    /** The configured agents exist from the start, with the name and roles configured. */
    @Transactional(rollbackOn = Exception.class)
    void seed(@Observes StartupEvent started) throws SQLException {
        for (var agent : config.agents().entrySet()) {
            var configured = agent.getValue();
            agents.upsert(configured.workspace(), agent.getKey(), configured.name().orElse(agent.getKey()),
                    configured.roles());
        }
    }

    @Transactional(rollbackOn = Exception.class)
    public List<Agent> list(Caller caller) throws SQLException {
        return agents.list(caller.workspace());
    }

    /** Adds or renames an agent of the caller's workspace (admins only). */
    @Transactional(rollbackOn = Exception.class)
    public Agent save(Caller caller, String agentId, String name, List<String> roles) throws SQLException {
        requireAdmin(caller);
        conversations.lockWorkspace(caller.workspace());
        agents.upsert(caller.workspace(), agentId, name, roles);
        autoAssigner.assignWaiting(caller.workspace());
        return agents.find(caller.workspace(), agentId).orElseThrow();
    }

    /** The caller's own availability; auto-assignment only picks available agents. */
    @Transactional(rollbackOn = Exception.class)
    public Agent setAvailability(Caller caller, boolean available) throws SQLException {
        conversations.lockWorkspace(caller.workspace());
        agents.register(caller.workspace(), caller.agent(), caller.roles());
        if (agents.setAvailable(caller.workspace(), caller.agent(), available) && available) {
            autoAssigner.assignWaiting(caller.workspace());
        }
        return agents.find(caller.workspace(), caller.agent()).orElseThrow();
    }

    @Transactional(rollbackOn = Exception.class)
    public AutoAssignment autoAssignment(Caller caller) throws SQLException {
        return settings.autoAssignment(caller.workspace());
    }

    /** Sets the workspace's auto-assignment (admins only); seats it opens are filled at once, oldest waiting first. */
    @Transactional(rollbackOn = Exception.class)
    public AutoAssignment setAutoAssignment(Caller caller, AutoAssignment auto) throws SQLException {
        requireAdmin(caller);
        conversations.lockWorkspace(caller.workspace());
        settings.setAutoAssignment(caller.workspace(), auto);
        autoAssigner.assignWaiting(caller.workspace());
        return auto;
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.hasRole(HandoffService.ADMIN)) {
            throw ProblemException.forbidden("only an admin of the workspace may change this");
        }
    }
}
