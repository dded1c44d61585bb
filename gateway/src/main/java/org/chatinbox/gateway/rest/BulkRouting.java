package org.chatinbox.gateway.rest;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Which service a bulk action goes to is read from its {@code action}; the rest of the body is the owning service's to check.
 */
final class BulkRouting {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ACTIONS = Set.of("assign", "resolve", "label", "handback");

    private BulkRouting() {
    }

    /** The body's action; {@code 400} naming {@code action} when it is none of the four. */
    static String action(byte[] body) {
        JsonNode action;
        try {
            action = body == null || body.length == 0 ? null : JSON.readTree(body).get("action");
        } catch (IOException e) {
            throw ProblemException.badRequest("the body is not JSON", List.of(new Problem.FieldProblem("", "must be JSON")));
        }
        if (action == null || !action.isTextual() || !ACTIONS.contains(action.asText())) {
            throw ProblemException.badRequest("the bulk action is missing or unknown",
                    List.of(new Problem.FieldProblem("action", "must be assign, resolve, label or handback")));
        }
        return action.asText();
    }
}
