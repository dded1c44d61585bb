package org.chatinbox.summary.service;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.chatinbox.summary.config.SummaryConfig;
import org.chatinbox.summary.model.PendingQuestion;
import org.chatinbox.summary.model.Placement;
import org.chatinbox.summary.model.QuestionGroup;
import org.chatinbox.summary.repository.GroupRepository;
import org.chatinbox.summary.repository.QuestionRepository;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Places the questions the consumers set aside into groups by meaning, in the background and in batches, so that consuming
 * never waits for the embedding model: claims the oldest ungrouped questions, embeds them, and places each workspace's in turn
 * under that workspace's lock, in one transaction. Each replica keeps the groups it compares with in memory and catches up with
 * the others' changes from the groups' change numbers.
 */
@ApplicationScoped
public class QuestionGrouper {

    private final QuestionRepository questions;
    private final GroupRepository groups;
    private final Embedder embedder;
    private final SummaryConfig.Grouping settings;
    private final Map<String, QuestionGroups> known = new ConcurrentHashMap<>();
    private final Counter placed;
    private final PollingLoop loop;

    public QuestionGrouper(QuestionRepository questions, GroupRepository groups, Embedder embedder, SummaryConfig config,
            MeterRegistry registry) {
        this.questions = questions;
        this.groups = groups;
        this.embedder = embedder;
        this.settings = config.grouping();
        this.placed = registry.counter("inbox.summary.questions.grouped");
        this.loop = new PollingLoop("question-grouper", settings.poll(), this::groupBatch);
    }

    void start(@Observes StartupEvent start) {
        loop.start();
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    private boolean groupBatch() throws Exception {
        try {
            int count = QuarkusTransaction.requiringNew().call(this::placeBatch);
            placed.increment(count);
            return count == settings.batch();
        } catch (Exception e) {
            known.clear(); // what was placed in memory was rolled back
            throw e;
        }
    }

    private int placeBatch() throws SQLException {
        List<PendingQuestion> pending = questions.claimPending(settings.batch());
        if (pending.isEmpty()) {
            return 0;
        }
        List<float[]> vectors = embedder.embed(pending.stream().map(PendingQuestion::text).toList());
        Map<String, List<Integer>> byScope = new TreeMap<>();
        for (int i = 0; i < pending.size(); i++) {
            byScope.computeIfAbsent(pending.get(i).kind().column() + "/" + pending.get(i).workspaceId(),
                    s -> new ArrayList<>()).add(i);
        }
        List<Placement> placements = new ArrayList<>();
        for (List<Integer> scope : byScope.values()) {
            PendingQuestion sample = pending.get(scope.get(0));
            groups.lock(sample.workspaceId(), sample.kind());
            QuestionGroups candidates = known.computeIfAbsent(sample.kind().column() + "/" + sample.workspaceId(),
                    s -> new QuestionGroups(settings.threshold(), settings.candidates()));
            GroupRepository.Changed changed = groups.changedSince(sample.workspaceId(), sample.kind(), candidates.change(),
                    settings.candidates());
            candidates.refresh(changed.groups(), changed.latestChange());
            Map<Long, QuestionGroup> moved = new LinkedHashMap<>();
            for (int i : scope) {
                PendingQuestion question = pending.get(i);
                Optional<QuestionGroup> joined = candidates.join(vectors.get(i), question.text(), question.askedAt());
                long groupId;
                if (joined.isPresent()) {
                    groupId = joined.get().id();
                    moved.put(groupId, joined.get());
                } else {
                    QuestionGroup first = QuestionGroups.first(0, vectors.get(i), question.text(), question.askedAt());
                    groupId = groups.create(question.workspaceId(), question.kind(), first);
                    candidates.add(QuestionGroups.first(groupId, vectors.get(i), question.text(), question.askedAt()));
                }
                placements.add(new Placement(question, groupId));
            }
            groups.update(List.copyOf(moved.values()));
        }
        questions.place(placements);
        return pending.size();
    }
}
