package org.chatinbox.summary.model;

import java.time.Instant;
import java.util.List;

import org.chatinbox.events.data.Outcome;
import org.chatinbox.events.data.SummaryUpdated;

/** {@code GET /conversations/{id}/summary} (contract §4). */
public record SummaryView(String text, List<String> keyPoints, String visitorIntent, Outcome outcome, int messageCount,
        Instant generatedAt, String method) {

    public static SummaryView of(SummaryUpdated summary) {
        return new SummaryView(summary.text(), summary.keyPoints(), summary.visitorIntent(), summary.outcome(),
                summary.messageCount(), summary.generatedAt(), summary.method());
    }
}
