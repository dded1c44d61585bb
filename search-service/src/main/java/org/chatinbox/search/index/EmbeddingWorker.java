package org.chatinbox.search.index;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.search.config.SearchConfig;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Gives each conversation the embedding of what its visitor opened with, off the consumers' path: every second the documents
 * that wait for one (the most recent requests first, a batch at a time) are embedded in one call of the model and written back
 * on condition that nobody wrote them meanwhile (else the next round takes them again). The requests live in the index
 * ({@code needsEmbedding}), so a restart loses none, and a backlog (a replay) is worked off at a bounded pace beside the live
 * traffic.
 */
@ApplicationScoped
public class EmbeddingWorker {

    private static final Logger LOG = Logger.getLogger(EmbeddingWorker.class);

    private final ConversationIndex index;
    private final Embedder embedder;
    private final int batch;

    public EmbeddingWorker(ConversationIndex index, Embedder embedder, SearchConfig config) {
        this.index = index;
        this.embedder = embedder;
        this.batch = config.similar().batch();
    }

    @Scheduled(every = "${inbox.similar.every:1s}", delayed = "${inbox.similar.every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void embedWaiting() {
        try {
            index.embedWaiting(batch, embedder::embed);
        } catch (Exception e) {
            // Elasticsearch away: the requests stay in the index for the next round
            LOG.debugf("embedding round: %s", e.toString());
        }
    }
}
