package org.chatinbox.summary.model;

import java.time.Instant;

/**
 * A group of questions that mean the same: the mean of its members' embeddings (unit length), how many it holds, and the member
 * nearest to that mean with its similarity, which stands for the group.
 */
public record QuestionGroup(long id, float[] centroid, int members, String question, double questionScore,
        Instant lastSeenAt) {
}
