package org.chatinbox.summary.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.service.embedding.SentenceEmbedder;

/** The questions' sentence embeddings (service-support's in-process model), loaded once, on first use. */
@ApplicationScoped
public class Embedder extends SentenceEmbedder {
}
