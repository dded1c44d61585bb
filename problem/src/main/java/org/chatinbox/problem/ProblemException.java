package org.chatinbox.problem;

import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.core.Response;

/**
 * Refuses a request with an RFC 9457 answer. Thrown anywhere in a request; {@link ProblemMappers} writes it.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldProblem> errors;
    private final Duration retryAfter;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null, null);
    }

    public ProblemException(int status, String title, String detail, List<Problem.FieldProblem> errors,
            Duration retryAfter) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors;
        this.retryAfter = retryAfter;
    }

    public static ProblemException badRequest(String detail, List<Problem.FieldProblem> errors) {
        return new ProblemException(400, "Bad Request", detail, errors, null);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    /** The request is sound but the resource's current state does not allow it (another agent holds the conversation). */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    /** The caller's {@code If-Match} names a version the resource has moved past. */
    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(412, "Precondition Failed", detail);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "Content Too Large", detail);
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(415, "Unsupported Media Type", detail);
    }

    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(429, "Too Many Requests", detail, null, retryAfter);
    }

    public static ProblemException unavailable(String detail, Duration retryAfter) {
        return new ProblemException(503, "Service Unavailable", detail, null, retryAfter);
    }

    public int status() {
        return status;
    }

    public Problem toProblem(String instance) {
        return new Problem(null, title, status, getMessage(), instance, errors);
    }

    /** The answer that carries this problem, with {@code Retry-After} when the client should wait. */
    public Response toResponse(String instance) {
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE).entity(toProblem(instance));
        Long seconds = retryAfterSeconds();
        if (seconds != null) {
            response.header("Retry-After", seconds);
        }
        return response.build();
    }

    /** Whole seconds, rounded up, for the {@code Retry-After} header; null when the client need not wait. */
    public Long retryAfterSeconds() {
        if (retryAfter == null) {
            return null;
        }
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
