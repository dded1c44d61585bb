package org.chatinbox.handoff.service;

import java.sql.SQLException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.chatinbox.handoff.model.AutoAssignment;
import org.chatinbox.handoff.model.HandoffState;
import org.chatinbox.handoff.repository.AgentRepository;
import org.chatinbox.handoff.repository.HandoffRepository;
import org.chatinbox.handoff.repository.SettingsRepository;
import org.chatinbox.service.model.ConversationKey;

/**
 * Auto-assignment (contract §4): a conversation that asks for a human goes to the least-loaded available agent under the
 * workspace's cap, round-robin on ties; when none is free it waits, and the oldest waiting conversation goes to the first agent
 * that frees up. Runs in the caller's transaction, under the workspace's lock, so two decisions never see the same free seat.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AutoAssigner {

    static final String LEAST_LOADED = "least-loaded";
    static final String ALL_AT_CAP = "queued: all agents at cap";
    static final String NONE_AVAILABLE = "queued: no agent available";
    // bounded work for one change: a cap raised by a lot assigns the rest on the next change or request
    private static final int MAX_PER_RUN = 100;

    private final HandoffRepository conversations;
    private final AgentRepository agents;
    private final SettingsRepository settings;
    private final HandoffEvents events;

    public AutoAssigner(HandoffRepository conversations, AgentRepository agents, SettingsRepository settings,
            HandoffEvents events) {
        this.conversations = conversations;
        this.agents = agents;
        this.settings = settings;
        this.events = events;
    }

    /** Something may have freed a seat (a hand-back, a resolve, an unassign, an agent back, a cap raised): fill the seats. */
    public void assignWaiting(String workspace) throws SQLException {
        AutoAssignment auto = settings.autoAssignment(workspace);
        if (auto.enabled()) {
            fill(workspace, auto);
        }
    }

    /**
     * The bot asked a human for this conversation: it is assigned at once if a seat is free (after any that waited longer),
     * else it waits, and its history says why.
     */
    public void requested(ConversationKey key) throws SQLException {
        AutoAssignment auto = settings.autoAssignment(key.workspaceId());
        if (!auto.enabled()) {
            return;
        }
        fill(key.workspaceId(), auto);
        HandoffState state = conversations.find(key).orElseThrow();
        if (state.assignee() == null && state.needsHuman()) {
            events.assignmentChanged(state, null, "system",
                    agents.anyAvailable(key.workspaceId()) ? ALL_AT_CAP : NONE_AVAILABLE);
        }
    }

    private void fill(String workspace, AutoAssignment auto) throws SQLException {
        for (int i = 0; i < MAX_PER_RUN; i++) {
            Optional<HandoffState> head = conversations.oldestWaiting(workspace);
            if (head.isEmpty()) {
                return;
            }
            Optional<String> agent = agents.leastLoaded(workspace, auto.maxOpenPerAgent());
            if (agent.isEmpty()) {
                return;
            }
            HandoffState assigned = conversations.update(head.get().withAssignee(agent.get()))
                    .orElseThrow(() -> new IllegalStateException("a conversation changed under its workspace's lock"));
            agents.markAssigned(workspace, agent.get());
            events.assignmentChanged(assigned, null, "system", LEAST_LOADED);
        }
    }
}
