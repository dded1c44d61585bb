package org.chatinbox.conversation.rest;

import java.util.List;

import org.chatinbox.conversation.config.ConversationConfig;
import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;

/** The {@code limit} of a page, from the configured default and maximum (contract §4: 1-100, default 20). */
final class PageLimits {

    private final int defaultLimit;
    private final int maxLimit;

    PageLimits(ConversationConfig.Pages pages) {
        this.defaultLimit = pages.defaultLimit();
        this.maxLimit = pages.maxLimit();
    }

    /** The limit asked for, or the default when none is. */
    int limit(String requested) {
        return requested == null ? defaultLimit : parse(requested);
    }

    /** The limit asked for, or the most a page holds (a conversation's history is read whole when it can be). */
    int limitOrMax(String requested) {
        return requested == null ? maxLimit : parse(requested);
    }

    private int parse(String requested) {
        try {
            int limit = Integer.parseInt(requested.trim());
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw ProblemException.badRequest("'limit' is not a page size",
                List.of(new Problem.FieldProblem("limit", "must be a whole number from 1 to " + maxLimit)));
    }
}
