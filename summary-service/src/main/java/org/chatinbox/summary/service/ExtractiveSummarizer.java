package org.chatinbox.summary.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.data.Outcome;
import org.chatinbox.events.data.Rating;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.SummaryUpdated;
import org.chatinbox.summary.config.SummaryConfig;
import org.chatinbox.summary.model.ConversationFacts;
import org.chatinbox.summary.model.Turn;

/**
 * The summary no model is needed for: the conversation's sentences ranked in the manner of TextRank (PageRank over the
 * sentences' TF-IDF cosine similarity, the visitor's sentences weighted up in the teleport vector), the best few as key points,
 * the visitor's first substantive question as the intent, and the outcome from the handoff, the fallbacks and the ratings.
 * Deterministic: the same turns give the same summary.
 */
@ApplicationScoped
public class ExtractiveSummarizer {

    public static final String METHOD = "extractive";

    /** Sentences ranked at most; a long conversation is read as its first and last turns anyway. */
    static final int MAX_SENTENCES = 240;
    static final int MAX_POINT_LENGTH = 300;
    static final int MAX_TEXT_LENGTH = 1000;
    private static final double DAMPING = 0.85;
    private static final double VISITOR_WEIGHT = 2.0;

    private final TextAnalysis text;
    private final int keyPoints;

    @jakarta.inject.Inject
    public ExtractiveSummarizer(TextAnalysis text, SummaryConfig config) {
        this(text, config.summaries().keyPoints());
    }

    ExtractiveSummarizer(TextAnalysis text, int keyPoints) {
        this.text = text;
        this.keyPoints = keyPoints;
    }

    private record Sentence(int position, Role role, String text, Map<String, Integer> terms) {
    }

    public SummaryUpdated summarize(ConversationFacts facts, List<Turn> turns, Instant now) {
        String intent = intent(turns);
        List<Sentence> sentences = sentences(turns);
        double[] scores = rank(sentences);
        List<Sentence> best = IntStream.range(0, sentences.size()).boxed()
                .filter(i -> !sentences.get(i).text().equals(intent))
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparing(i -> i))
                .limit(keyPoints).sorted().map(sentences::get).toList();
        Outcome outcome = outcome(facts, turns);
        List<String> points = best.stream().map(s -> speaker(s.role()) + ": " + clip(s.text(), MAX_POINT_LENGTH)).toList();
        StringBuilder summary = new StringBuilder();
        if (intent != null) {
            summary.append("The visitor asked: \"").append(clip(intent, MAX_POINT_LENGTH)).append("\" ");
        }
        best.stream().limit(2).forEach(s -> summary.append(said(s.role())).append(" \"")
                .append(clip(s.text(), MAX_POINT_LENGTH)).append("\" "));
        summary.append(switch (outcome) {
            case ANSWERED -> "The bot answered.";
            case UNANSWERED -> "The bot could not answer.";
            case HANDED_OFF -> "It was handed to a human.";
        });
        return new SummaryUpdated(facts.key().workspaceId(), facts.key().conversationId(),
                clip(summary.toString(), MAX_TEXT_LENGTH), points, intent == null ? null : clip(intent, MAX_POINT_LENGTH),
                outcome, facts.messageCount(), now, METHOD);
    }

    /**
     * The visitor's first substantive message, as its sentence that asks (or its richest one); the first visitor message when
     * none is substantive; null without visitor messages.
     */
    String intent(List<Turn> turns) {
        List<Turn> visitor = turns.stream().filter(t -> t.role() == Role.VISITOR && !t.text().isBlank()).toList();
        if (visitor.isEmpty()) {
            return null;
        }
        Turn first = visitor.stream().filter(t -> text.substantive(t.text())).findFirst().orElse(visitor.get(0));
        List<String> sentences = text.sentences(first.text());
        return sentences.stream().filter(s -> text.asks(s) && !text.terms(s).isEmpty()).findFirst()
                .orElseGet(() -> sentences.stream().max(Comparator.comparingInt(s -> text.terms(s).size()))
                        .orElse(first.text().strip()));
    }

    /**
     * How it ended: handed off once a human was asked for or took part; unanswered when the bot's latest reply fell back, its
     * latest rated reply was rated unhelpful, half or more of its replies fell back, or the visitor got no reply at all;
     * answered otherwise.
     */
    static Outcome outcome(ConversationFacts facts, List<Turn> turns) {
        if (facts.handedOff() || turns.stream().anyMatch(t -> t.role() == Role.AGENT)) {
            return Outcome.HANDED_OFF;
        }
        List<Turn> bot = turns.stream().filter(t -> t.role() == Role.BOT).toList();
        boolean asked = turns.stream().anyMatch(t -> t.role() == Role.VISITOR);
        if (bot.isEmpty()) {
            return asked ? Outcome.UNANSWERED : Outcome.ANSWERED;
        }
        long fallbacks = bot.stream().filter(Turn::fallback).count();
        Rating latestRating = bot.stream().filter(t -> t.rating() != null).reduce((a, b) -> b).map(Turn::rating)
                .orElse(null);
        if (bot.get(bot.size() - 1).fallback() || latestRating == Rating.UNHELPFUL || fallbacks * 2 >= bot.size()) {
            return Outcome.UNANSWERED;
        }
        return Outcome.ANSWERED;
    }

    private List<Sentence> sentences(List<Turn> turns) {
        List<Sentence> all = new ArrayList<>();
        for (Turn turn : turns) {
            for (String sentence : text.sentences(turn.text())) {
                Map<String, Integer> terms = new HashMap<>();
                text.terms(sentence).forEach(t -> terms.merge(t, 1, Integer::sum));
                // a greeting or a thank-you says nothing of the conversation
                if (terms.size() >= 2 && all.size() < MAX_SENTENCES) {
                    all.add(new Sentence(all.size(), turn.role(), sentence, terms));
                }
            }
        }
        return all;
    }

    /** PageRank over the sentences' TF-IDF cosine similarity, teleporting to visitor sentences twice as often. */
    private static double[] rank(List<Sentence> sentences) {
        int n = sentences.size();
        if (n == 0) {
            return new double[0];
        }
        Map<String, Integer> documentFrequency = new HashMap<>();
        sentences.forEach(s -> s.terms().keySet().forEach(t -> documentFrequency.merge(t, 1, Integer::sum)));
        List<Map<String, Double>> vectors = new ArrayList<>(n);
        for (Sentence sentence : sentences) {
            Map<String, Double> vector = new HashMap<>();
            double norm = 0;
            for (Map.Entry<String, Integer> term : sentence.terms().entrySet()) {
                double weight = term.getValue()
                        * (Math.log((n + 1.0) / (documentFrequency.get(term.getKey()) + 1.0)) + 1.0);
                vector.put(term.getKey(), weight);
                norm += weight * weight;
            }
            double length = Math.sqrt(norm);
            vector.replaceAll((t, w) -> w / length);
            vectors.add(vector);
        }
        double[][] similarity = new double[n][n];
        double[] outWeight = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = cosine(vectors.get(i), vectors.get(j));
                similarity[i][j] = s;
                similarity[j][i] = s;
                outWeight[i] += s;
                outWeight[j] += s;
            }
        }
        double[] teleport = new double[n];
        double teleportSum = 0;
        for (int i = 0; i < n; i++) {
            teleport[i] = sentences.get(i).role() == Role.VISITOR ? VISITOR_WEIGHT : 1.0;
            teleportSum += teleport[i];
        }
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            teleport[i] /= teleportSum;
            score[i] = teleport[i];
        }
        for (int iteration = 0; iteration < 50; iteration++) {
            double[] next = new double[n];
            double change = 0;
            for (int i = 0; i < n; i++) {
                double incoming = 0;
                for (int j = 0; j < n; j++) {
                    if (outWeight[j] > 0) {
                        incoming += similarity[j][i] / outWeight[j] * score[j];
                    }
                }
                next[i] = (1 - DAMPING) * teleport[i] + DAMPING * incoming;
                change += Math.abs(next[i] - score[i]);
            }
            score = next;
            if (change < 1e-9) {
                break;
            }
        }
        return score;
    }

    private static double cosine(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> small = a.size() <= b.size() ? a : b;
        Map<String, Double> large = small == a ? b : a;
        double dot = 0;
        for (Map.Entry<String, Double> term : small.entrySet()) {
            Double other = large.get(term.getKey());
            if (other != null) {
                dot += term.getValue() * other;
            }
        }
        return dot;
    }

    private static String speaker(Role role) {
        return switch (role) {
            case VISITOR -> "Visitor";
            case BOT -> "Bot";
            case AGENT -> "Agent";
        };
    }

    private static String said(Role role) {
        return switch (role) {
            case VISITOR -> "The visitor said:";
            case BOT -> "The bot said:";
            case AGENT -> "An agent said:";
        };
    }

    /** At most {@code max} characters, cut at a word with an ellipsis. */
    static String clip(String value, int max) {
        String stripped = value.strip();
        if (stripped.length() <= max) {
            return stripped;
        }
        int cut = stripped.lastIndexOf(' ', max - 1);
        return stripped.substring(0, cut > max / 2 ? cut : max - 1) + "…";
    }
}
