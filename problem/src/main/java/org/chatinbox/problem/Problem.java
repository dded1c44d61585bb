package org.chatinbox.problem;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An RFC 9457 problem detail. {@code errors} names each bad field of a refused request (contract §3: a {@code 400} lists every
 * bad field).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldProblem> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One bad field: its JSON path ({@code data.text}, {@code [3].data.messageId}; empty for the body) and what is wrong. */
    public record FieldProblem(String field, String message) {
    }
}
