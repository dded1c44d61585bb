package org.chatinbox.api.rest;

import java.util.List;

import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one conversation of a bulk action came to (contract §4.1): the HTTP status that id alone would have had, and the problem
 * it would have had, or null.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BulkResult(String id, int status, Problem problem) {

    /** An action on one conversation, which either succeeds or refuses with a problem. */
    @FunctionalInterface
    public interface Action {
        void apply(String id) throws Exception;
    }

    /** Each id's action on its own: a refusal of one is its result, never the others'. */
    public static List<BulkResult> each(List<String> ids, Action action) throws Exception {
        List<BulkResult> results = new java.util.ArrayList<>(ids.size());
        for (String id : ids) {
            try {
                action.apply(id);
                results.add(new BulkResult(id, 200, null));
            } catch (ProblemException refused) {
                results.add(new BulkResult(id, refused.status(), refused.toProblem(null)));
            }
        }
        return results;
    }

    /** {@code 200 {"results": [...]}}. */
    public record Results(List<BulkResult> results) {
    }
}
