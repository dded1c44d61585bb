package org.chatinbox.search.index;

import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;

/**
 * What a person typed in the search box, read as words, {@code "phrases"}, {@code -word} and {@code -"phrase"} to exclude,
 * never as Lucene syntax: every other character is text. Each word is matched as typed (ranked first) or within the edit
 * distance its length allows ({@code refnd} finds {@code refund}, below the exact matches); a phrase is matched as written.
 */
public final class TextQuery {

    /** Exact matches rank above fuzzy ones by this factor. */
    private static final float EXACT_BOOST = 3f;

    private final String raw;
    private final List<String> words = new ArrayList<>();
    private final List<String> phrases = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>();

    private TextQuery(String raw) {
        this.raw = raw.strip();
    }

    public static TextQuery parse(String q) {
        TextQuery query = new TextQuery(q);
        int i = 0;
        String text = query.raw;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean negative = c == '-' && i + 1 < text.length() && !Character.isWhitespace(text.charAt(i + 1));
            int start = negative ? i + 1 : i;
            String token;
            boolean phrase = start < text.length() && text.charAt(start) == '"';
            if (phrase) {
                int end = text.indexOf('"', start + 1);
                end = end < 0 ? text.length() : end;
                token = text.substring(start + 1, end);
                i = end + 1;
            } else {
                int end = start;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                token = text.substring(start, end);
                i = end;
            }
            token = token.strip();
            if (token.isEmpty() || !hasLetterOrDigit(token)) {
                continue;
            }
            if (negative) {
                query.excluded.add(token);
            } else if (phrase) {
                query.phrases.add(token);
            } else {
                query.words.add(token);
            }
        }
        return query;
    }

    private static boolean hasLetterOrDigit(String token) {
        return token.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    /** Nothing to look for: no word or phrase but exclusions, or only punctuation. */
    public boolean isEmpty() {
        return words.isEmpty() && phrases.isEmpty();
    }

    /** The query as typed, for matching an id exactly. */
    public String raw() {
        return raw;
    }

    /** The words and phrases to look for, as one text (for matching a visitor's name). */
    public String positiveText() {
        List<String> all = new ArrayList<>(words);
        all.addAll(phrases);
        return String.join(" ", all);
    }

    /**
     * A message's text that holds every word (in any form, or nearly) and every phrase. The words are one match, so that a stop
     * word among them ("the", "in") asks for nothing rather than for a word no message holds.
     */
    public Query matching(String field) {
        List<Query> must = new ArrayList<>();
        if (!words.isEmpty()) {
            String all = String.join(" ", words);
            must.add(Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                    .should(s -> s.match(m -> m.field(field).query(all).operator(Operator.And).boost(EXACT_BOOST)))
                    .should(s -> s.match(m -> m.field(field).query(all).operator(Operator.And).fuzziness("AUTO")
                            .prefixLength(1))))));
        }
        for (String phrase : phrases) {
            must.add(Query.of(q -> q.matchPhrase(m -> m.field(field).query(phrase).boost(EXACT_BOOST))));
        }
        return Query.of(q -> q.bool(b -> b.must(must)));
    }

    /** The words to look for, as one text; empty when there are only phrases. */
    public String wordsText() {
        return String.join(" ", words);
    }

    /**
     * What marks a match in a message: the words and phrases as typed, and {@code nearWords}, the index's own words that the
     * typed ones may be typos of, as exact terms. Marking by the fuzzy query itself would cost the highlighter an automaton run
     * over every highlighted message (80 of 90 ms for a common word, bench/search); exact terms cost a few.
     */
    public Query marking(String field, List<String> nearWords) {
        List<Query> any = new ArrayList<>();
        if (!words.isEmpty()) {
            any.add(Query.of(q -> q.match(m -> m.field(field).query(wordsText()))));
        }
        for (String phrase : phrases) {
            any.add(Query.of(q -> q.matchPhrase(m -> m.field(field).query(phrase))));
        }
        if (!nearWords.isEmpty()) {
            any.add(Query.of(q -> q.terms(t -> t.field(field)
                    .terms(v -> v.value(nearWords.stream().map(FieldValue::of).toList())))));
        }
        return Query.of(q -> q.bool(b -> b.should(any).minimumShouldMatch("1")));
    }

    /** A message's text that holds any excluded word or phrase; null when nothing is excluded. */
    public Query excludedIn(String field) {
        if (excluded.isEmpty()) {
            return null;
        }
        List<Query> any = new ArrayList<>();
        for (String text : excluded) {
            any.add(Query.of(q -> q.matchPhrase(m -> m.field(field).query(text))));
        }
        return Query.of(q -> q.bool(b -> b.should(any).minimumShouldMatch("1")));
    }
}
