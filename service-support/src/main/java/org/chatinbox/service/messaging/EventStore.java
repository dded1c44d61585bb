package org.chatinbox.service.messaging;

import java.util.Collections;
import java.util.List;

/**
 * Where a consumer keeps what it reads: a database written in one transaction per batch, an index written in one bulk request.
 * {@link EventBatchConsumer} decides from {@link #classify} what a failure means, so no consumer decides it for itself.
 */
public interface EventStore {

    /**
     * Stores the batch as one unit and says what became of each event, in order. A failure of the whole unit is thrown, and
     * nothing of it may be kept.
     */
    List<Verdict> store(List<ConsumedEvent> batch) throws Exception;

    /** What a failure of {@link #store} means. */
    Failure classify(Throwable failure);

    /** What a failed store means for the events it was given. */
    enum Failure {
        /** The store is away, hung or overloaded: the same events are stored later, however long it takes. */
        AWAY,
        /** The store refuses something in the events themselves: the one it refuses is dead-lettered, the others stored. */
        REFUSED,
        /** Neither, as far as the store can tell: retried like an outage, and logged as an error, rather than skip an event. */
        UNEXPECTED
    }

    /** What became of one event of a batch. */
    record Verdict(Outcome outcome, String reason) {

        static final Verdict STORED = new Verdict(Outcome.STORED, null);
        static final Verdict AWAY = new Verdict(Outcome.AWAY, null);

        public static Verdict stored() {
            return STORED;
        }

        /** The store could not take this one now (busy, a shard away): it is tried again. */
        public static Verdict away() {
            return AWAY;
        }

        /** The store refuses this event for what it holds: it goes to the dead-letter topic with the reason. */
        public static Verdict refused(String reason) {
            return new Verdict(Outcome.REFUSED, reason);
        }

        /** Every event of a batch stored. */
        public static List<Verdict> allStored(int count) {
            return Collections.nCopies(count, STORED);
        }
    }

    enum Outcome {
        STORED, AWAY, REFUSED
    }
}
