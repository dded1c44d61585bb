package org.chatinbox.summary.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.chatinbox.events.data.Outcome;
import org.chatinbox.events.data.Rating;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.SummaryUpdated;
import org.chatinbox.service.model.ConversationKey;
import org.chatinbox.summary.model.ConversationFacts;
import org.chatinbox.summary.model.Turn;
import org.junit.jupiter.api.Test;

/** The extractive method on its own: what an agent reads first must be the visitor's request, and the same turns read alike. */
class ExtractiveSummarizerTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final ExtractiveSummarizer summarizer = new ExtractiveSummarizer(new TextAnalysis(), 4);

    @Test
    void theIntentIsTheFirstSubstantiveQuestionNotTheGreeting() {
        List<Turn> turns = turns(Role.VISITOR, "Hello there", Role.BOT, "Hello, how can I help?", Role.VISITOR,
                "Thanks. My card was charged twice for the same order. Can you refund one of the payments?", Role.BOT,
                "I have refunded the second payment; it reaches your card in five days.");
        SummaryUpdated summary = summarizer.summarize(facts(turns.size(), null, null), turns, T0);
        assertThat(summary.visitorIntent()).isEqualTo("Can you refund one of the payments?");
        assertThat(summary.text()).startsWith("The visitor asked: \"Can you refund one of the payments?\"")
                .endsWith("The bot answered.");
        assertThat(summary.keyPoints()).hasSizeBetween(1, 4).noneMatch(p -> p.contains("Can you refund one"))
                .noneMatch(p -> p.contains("Hello"));
        assertThat(summary.outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(summary.method()).isEqualTo("extractive");
    }

    @Test
    void theSameTurnsGiveTheSameSummary() {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            turns.addAll(turns(Role.VISITOR, "Question " + i + " about the delivery of parcel number " + (i % 7) + "?",
                    Role.BOT, "Parcel " + (i % 7) + " leaves the depot tomorrow morning and arrives by noon."));
        }
        SummaryUpdated once = summarizer.summarize(facts(turns.size(), null, null), turns, T0);
        SummaryUpdated again = summarizer.summarize(facts(turns.size(), null, null), List.copyOf(turns), T0);
        assertThat(again).isEqualTo(once);
        assertThat(once.keyPoints()).hasSize(4);
        assertThat(once.text().length()).isLessThanOrEqualTo(ExtractiveSummarizer.MAX_TEXT_LENGTH);
    }

    @Test
    void theOutcomeFollowsFallbacksRatingsAndHumans() {
        List<Turn> failed = turns(Role.VISITOR, "Can I pay with a voucher?", Role.BOT, "Sorry, I did not understand.");
        failed.set(1, fallback(failed.get(1)));
        assertThat(ExtractiveSummarizer.outcome(facts(2, null, null), failed)).isEqualTo(Outcome.UNANSWERED);

        List<Turn> recovered = new ArrayList<>(failed);
        recovered.addAll(turns(Role.VISITOR, "A gift voucher", Role.BOT, "Yes, gift vouchers are accepted at checkout.",
                Role.VISITOR, "And store credit?", Role.BOT, "Store credit works the same way."));
        assertThat(ExtractiveSummarizer.outcome(facts(6, null, null), recovered)).isEqualTo(Outcome.ANSWERED);

        List<Turn> rated = new ArrayList<>(recovered);
        Turn last = rated.get(rated.size() - 1);
        rated.set(rated.size() - 1, new Turn(last.messageId(), last.role(), last.text(), last.sentAt(), false,
                Rating.UNHELPFUL));
        assertThat(ExtractiveSummarizer.outcome(facts(6, null, null), rated)).isEqualTo(Outcome.UNANSWERED);

        assertThat(ExtractiveSummarizer.outcome(facts(6, T0, null), recovered)).isEqualTo(Outcome.HANDED_OFF);
        assertThat(ExtractiveSummarizer.outcome(facts(1, null, null), turns(Role.VISITOR, "Anyone there?")))
                .isEqualTo(Outcome.UNANSWERED);
    }

    @Test
    void longTextIsCutAtAWord() {
        String clipped = ExtractiveSummarizer.clip("word ".repeat(100), 42);
        assertThat(clipped).hasSizeLessThanOrEqualTo(42).endsWith("word…");
    }

    private static ConversationFacts facts(int messages, Instant humanRequestedAt, Instant humanAt) {
        return new ConversationFacts(new ConversationKey("demo", "conv-1"), "support-bot", "web", T0, messages,
                humanRequestedAt, humanAt, true, null, 1);
    }

    private static Turn fallback(Turn turn) {
        return new Turn(turn.messageId(), turn.role(), turn.text(), turn.sentAt(), true, null);
    }

    private static List<Turn> turns(Object... roleAndText) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < roleAndText.length; i += 2) {
            turns.add(new Turn("m" + i, (Role) roleAndText[i], (String) roleAndText[i + 1], T0.plusSeconds(i), false, null));
        }
        return turns;
    }
}
