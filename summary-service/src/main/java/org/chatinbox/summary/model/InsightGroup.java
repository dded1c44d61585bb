package org.chatinbox.summary.model;

import java.time.Instant;
import java.util.List;

/**
 * One group of an insight list (contract §4): the question that stands for it, how many questions of the window it holds, the
 * latest conversations they came from (at most ten, newest first) and when one was last asked.
 */
public record InsightGroup(String question, int count, List<String> conversationIds, Instant lastSeenAt) {
}
