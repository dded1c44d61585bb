package org.chatinbox.ingest.rest;

import java.util.concurrent.CompletionException;

import jakarta.ws.rs.core.Response;

import org.chatinbox.events.InvalidEventException;
import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;

/** The contract's validation errors as a {@code 400} problem naming each field. */
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

    static ProblemException invalid(InvalidEventException e) {
        var errors = e.errors().stream().map(error -> new Problem.FieldProblem(error.field(), error.message())).toList();
        return ProblemException.badRequest(
                errors.size() == 1
                        ? "1 invalid field; nothing was written"
                        : errors.size() + " invalid fields; nothing was written",
                errors);
    }
}
