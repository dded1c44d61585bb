package org.chatinbox.summary.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Words as the summariser and the question finder see them: Lucene's English analysis (Unicode word breaks, lower case, stop
 * words and chat formulas removed, Porter stems), and sentences by the JDK's sentence breaks. The analyzer is safe to share
 * between threads.
 */
@ApplicationScoped
public class TextAnalysis {

    /** A message that opens like a question, though it may lack its question mark. */
    private static final Pattern ASKS = Pattern.compile(
            "^(how|what|what's|whats|why|when|where|which|who|can|could|would|will|do|does|did|is|are|am|should|may|"
                    + "i need|i want|i would like|i'd like|i'm looking|i am looking|i have|i can't|i cannot|help|please)\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final Analyzer analyzer = new EnglishAnalyzer(stopWords());

    /** Lucene's English stop words widened with the formulas of chat ({@code text/stopwords.txt}). */
    private static CharArraySet stopWords() {
        try (var in = TextAnalysis.class.getResourceAsStream("/text/stopwords.txt");
                var reader = new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8)) {
            CharArraySet words = WordlistLoader.getWordSet(reader, "#", new CharArraySet(200, true));
            words.addAll(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            return CharArraySet.unmodifiableSet(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stems of the text's content words, in order. */
    public List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream tokens = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                terms.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string reader does not fail
        }
        return terms;
    }

    /** The text's sentences, trimmed, without empty ones. */
    public List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        BreakIterator breaks = BreakIterator.getSentenceInstance(Locale.ROOT);
        breaks.setText(text);
        for (int start = breaks.first(), end = breaks.next(); end != BreakIterator.DONE; start = end, end = breaks.next()) {
            String sentence = text.substring(start, end).strip();
            if (!sentence.isEmpty()) {
                sentences.add(sentence);
            }
        }
        return sentences;
    }

    /**
     * Whether a visitor's message says what they want rather than greet or thank: two content words, or one in a question
     * ("balance?").
     */
    public boolean substantive(String text) {
        int content = terms(text).size();
        return content >= 2 || (content >= 1 && asks(text));
    }

    /** Whether the sentence asks something. */
    public boolean asks(String sentence) {
        return sentence.contains("?") || ASKS.matcher(sentence.strip()).matches();
    }

    @PreDestroy
    void close() {
        analyzer.close();
    }
}
