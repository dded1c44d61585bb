package org.chatinbox.handoff.service;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.chatinbox.handoff.model.SeatsFreed;
import org.chatinbox.handoff.repository.HandoffRepository;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Gives freed seats to the conversations waiting for a human, in a transaction of its own holding the workspace to itself:
 * right after a command that freed one has committed (so that the command itself holds its workspace only shared), and every
 * ten seconds for every workspace where a conversation still waits (so that nothing stays queued behind a failed run).
 */
@ApplicationScoped
public class SeatFiller {

    private static final Logger LOG = Logger.getLogger(SeatFiller.class);
    private static final int SWEPT_WORKSPACES = 1000;

    private final HandoffRepository conversations;
    private final AutoAssigner autoAssigner;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    // one run at a time, off the committing thread
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "seat-filler"));

    public SeatFiller(HandoffRepository conversations, AutoAssigner autoAssigner) {
        this.conversations = conversations;
        this.autoAssigner = autoAssigner;
    }

    void freed(@Observes(during = TransactionPhase.AFTER_SUCCESS) SeatsFreed freed) {
        request(freed.workspace());
    }

    @Scheduled(every = "10s", delayed = "10s")
    void sweep() {
        try {
            QuarkusTransaction.requiringNew().call(() -> conversations.workspacesWaiting(SWEPT_WORKSPACES))
                    .forEach(this::request);
        } catch (RuntimeException e) {
            LOG.warnf("auto-assignment sweep skipped until the next one: %s", e.toString());
        }
    }

    /** A workspace asked for while a run for it is pending is filled once. */
    private void request(String workspace) {
        if (pending.add(workspace)) {
            runner.execute(() -> fill(workspace));
        }
    }

    private void fill(String workspace) {
        pending.remove(workspace);
        try {
            QuarkusTransaction.requiringNew().call(() -> {
                conversations.lockWorkspace(workspace);
                autoAssigner.assignWaiting(workspace);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("auto-assignment of %s waits for the next sweep: %s", workspace, e.toString());
        }
    }

    @PreDestroy
    void close() {
        runner.shutdown();
        try {
            runner.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
