package org.chatinbox.ingest.rest;

import java.util.concurrent.CompletionException;

import jakarta.ws.rs.core.Response;

import org.chatinbox.problem.ProblemException;

/** The answer of a request whose write failed after it was accepted for checking. */
final class Problems {

    private Problems() {
    }

    /** The answer for a failed asynchronous stage: its problem, or a {@code 500} for anything unforeseen. */
    static Response response(Throwable failure, String path) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ProblemException problem) {
            return problem.toResponse(path);
        }
        throw new IllegalStateException(cause);
    }
}
