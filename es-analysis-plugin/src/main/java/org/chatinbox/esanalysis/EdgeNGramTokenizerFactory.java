package org.chatinbox.esanalysis;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;

/**
 * {@code edge_ngram} tokenizer: prefixes of the whole input, {@code min_gram} (1) to {@code max_gram} (2) long. The full
 * distribution's {@code token_chars} setting is not supported: split with a tokenizer and use the {@code edge_ngram} filter
 * instead.
 */
class EdgeNGramTokenizerFactory extends AbstractTokenizerFactory {

    private final int minGram;
    private final int maxGram;

    EdgeNGramTokenizerFactory(IndexSettings indexSettings, Environment environment, String name, Settings settings) {
        super(indexSettings, settings, name);
        minGram = settings.getAsInt("min_gram", 1);
        maxGram = settings.getAsInt("max_gram", 2);
    }

    @Override
    public Tokenizer create() {
        return new EdgeNGramTokenizer(minGram, maxGram);
    }
}
