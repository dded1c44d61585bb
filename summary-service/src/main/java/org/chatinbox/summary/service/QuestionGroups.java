package org.chatinbox.summary.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.chatinbox.summary.model.QuestionGroup;

/**
 * Incremental clustering of one workspace's questions of one kind ("leader" clustering on cosine similarity): a question joins
 * the group whose mean it is nearest to when that similarity reaches the threshold, and starts a group otherwise; the group's
 * mean moves towards it, and the member nearest to the mean stands for the group. Each question is compared with at most
 * {@code capacity} groups, the most recently seen. Not thread-safe: one per workspace and kind, used under its lock.
 */
final class QuestionGroups {

    private final double threshold;
    private final int capacity;
    private final Map<Long, QuestionGroup> groups = new LinkedHashMap<>();
    private long change;

    QuestionGroups(double threshold, int capacity) {
        this.threshold = threshold;
        this.capacity = capacity;
    }

    long change() {
        return change;
    }

    /** Takes in groups read from the database (new, or changed by another replica), and the latest change read. */
    void refresh(Collection<QuestionGroup> changed, long latestChange) {
        changed.forEach(g -> groups.put(g.id(), g));
        change = Math.max(change, latestChange);
        if (groups.size() > capacity) {
            List<QuestionGroup> oldest = new ArrayList<>(groups.values());
            oldest.sort(Comparator.comparing(QuestionGroup::lastSeenAt));
            oldest.subList(0, groups.size() - capacity).forEach(g -> groups.remove(g.id()));
        }
    }

    /** The group the question joins, already moved towards it; empty when it starts one of its own. */
    java.util.Optional<QuestionGroup> join(float[] vector, String question, Instant askedAt) {
        QuestionGroup nearest = null;
        double best = -2;
        for (QuestionGroup group : groups.values()) {
            double similarity = Embedder.cosine(group.centroid(), vector);
            if (similarity > best) {
                best = similarity;
                nearest = group;
            }
        }
        if (nearest == null || best < threshold) {
            return java.util.Optional.empty();
        }
        int members = nearest.members() + 1;
        float[] moved = new float[vector.length];
        for (int d = 0; d < moved.length; d++) {
            moved[d] = (nearest.centroid()[d] * nearest.members() + vector[d]) / members;
        }
        moved = Embedder.unit(moved);
        double score = Embedder.cosine(moved, vector);
        boolean represents = score > nearest.questionScore();
        QuestionGroup joined = new QuestionGroup(nearest.id(), moved, members, represents ? question : nearest.question(),
                represents ? score : nearest.questionScore(),
                askedAt.isAfter(nearest.lastSeenAt()) ? askedAt : nearest.lastSeenAt());
        groups.put(joined.id(), joined);
        return java.util.Optional.of(joined);
    }

    /** A group started by one question, as the database numbered it. */
    static QuestionGroup first(long id, float[] vector, String question, Instant askedAt) {
        return new QuestionGroup(id, vector, 1, question, 1.0, askedAt);
    }

    void add(QuestionGroup group) {
        groups.put(group.id(), group);
    }

    int size() {
        return groups.size();
    }
}
