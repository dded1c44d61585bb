package org.chatinbox.gateway.rest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.chatinbox.events.validation.ContractRules;
import org.chatinbox.problem.Problem.FieldProblem;
import org.chatinbox.problem.ProblemException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every query parameter and path id of the agents' API checked before anything is called, by one table: the same parameter
 * means the same thing on every path, so it is checked alike everywhere. A parameter given twice (other than {@code label}) is
 * refused rather than one of the values silently chosen. Ingest's paths are ingest's to check.
 */
public class ParameterRules {

    /** Times any store of the suite can hold. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final int MAX_LABELS = 50;

    private static final Map<String, Function<String, String>> QUERY = Map.ofEntries(
            Map.entry("botId", ParameterRules::identifier),
            Map.entry("conversationId", ParameterRules::identifier),
            Map.entry("channel", v -> ContractRules.isChannel(v) ? null : ContractRules.CHANNEL_RULE),
            Map.entry("assignee", v -> "me".equals(v) || "none".equals(v) || ContractRules.isIdentifier(v)
                    ? null
                    : "must be an agent id, me or none"),
            Map.entry("mode", v -> oneOf(v, "BOT", "HUMAN")),
            Map.entry("status", v -> oneOf(v, "open", "resolved", "snoozed")),
            Map.entry("role", v -> oneOf(v, "visitor", "bot", "agent")),
            Map.entry("order", v -> oneOf(v, "asc", "desc")),
            Map.entry("needsHuman", v -> oneOf(v, "true", "false")),
            Map.entry("botFailed", v -> oneOf(v, "true", "false")),
            Map.entry("since", ParameterRules::time),
            Map.entry("until", ParameterRules::time),
            Map.entry("limit", v -> wholeNumber(v, 1, 100)),
            Map.entry("cursor", ParameterRules::cursor),
            Map.entry("q", v -> text(v, 1, 256)),
            Map.entry("label", ContractRules::labelProblem));

    /** Parameters that may be given more than once: each value is one more choice. */
    private static final Set<String> REPEATABLE = Set.of("label");

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/v1/") || path.startsWith("/api/v1/ingest/")) {
            return null;
        }
        List<FieldProblem> problems = new ArrayList<>();
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        query.forEach((name, values) -> {
            Function<String, String> rule = QUERY.get(name);
            if (rule == null) {
                return; // not a parameter of the API: ignored, as every HTTP API ignores what it does not know
            }
            if (values.size() > 1 && !REPEATABLE.contains(name)) {
                problems.add(new FieldProblem(name, "must be given once, not " + values.size() + " times"));
                return;
            }
            if ("label".equals(name) && values.size() > MAX_LABELS) {
                problems.add(new FieldProblem(name, "at most " + MAX_LABELS + " labels"));
                return;
            }
            for (String value : values) {
                String problem = rule.apply(value);
                if (problem != null) {
                    problems.add(new FieldProblem(name, problem));
                    return;
                }
            }
        });
        request.getUriInfo().getPathParameters().forEach((name, values) -> {
            for (String value : values) {
                if (!ContractRules.isIdentifier(value)) {
                    problems.add(new FieldProblem(name, ContractRules.IDENTIFIER_RULE));
                }
            }
        });
        if (problems.isEmpty()) {
            return null;
        }
        return ProblemException.badRequest("the request has " + problems.size() + " invalid parameter(s)", problems)
                .toResponse(path);
    }

    private static String identifier(String value) {
        return ContractRules.isIdentifier(value) ? null : ContractRules.IDENTIFIER_RULE;
    }

    private static String oneOf(String value, String... allowed) {
        for (String choice : allowed) {
            if (choice.equals(value)) {
                return null;
            }
        }
        return "must be one of " + String.join(", ", allowed);
    }

    private static String time(String value) {
        Instant time;
        try {
            time = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            return "must be an RFC 3339 time such as 2026-11-22T10:15:30Z";
        }
        return time.isBefore(EARLIEST) || time.isAfter(LATEST) ? "must be a time from 1970 to 9999" : null;
    }

    private static String wholeNumber(String value, int min, int max) {
        String rule = "must be a whole number from " + min + " to " + max;
        if (value.isEmpty() || value.length() > 6) {
            return rule;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return rule;
            }
        }
        int number = Integer.parseInt(value);
        return number < min || number > max ? rule : null;
    }

    /** A cursor is one this API gave out: short, of URL-safe characters; what it holds its service checks. */
    private static String cursor(String value) {
        if (value.isEmpty() || value.length() > 1024) {
            return "must be a cursor this API gave out";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-_.~=:+/".indexOf(c) >= 0;
            if (!allowed) {
                return "must be a cursor this API gave out";
            }
        }
        return null;
    }

    private static String text(String value, int min, int max) {
        int characters = value.codePointCount(0, value.length());
        if (value.isBlank() || characters < min || characters > max) {
            return "must be " + min + " to " + max + " characters";
        }
        String problem = ContractRules.textProblem(value);
        if (problem != null) {
            return problem;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.getType(value.charAt(i)) == Character.CONTROL) {
                return "must not contain control characters";
            }
        }
        return null;
    }
}
