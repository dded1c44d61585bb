package org.chatinbox.search.index;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.service.embedding.SentenceEmbedder;

/** The visitors' openings as sentence embeddings (service-support's in-process model), loaded once, on first use. */
@ApplicationScoped
public class Embedder extends SentenceEmbedder {
}
