package org.chatinbox.api.security;

import jakarta.enterprise.context.RequestScoped;

import org.chatinbox.problem.ProblemException;

/**
 * The caller of the current request, set by the application's authentication filter (the gateway's keys and tokens, a service's
 * internal headers) before any resource runs.
 */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    public void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller; {@code 401} when the request was not authenticated. */
    public Caller get() {
        if (caller == null) {
            throw ProblemException.unauthorized("the request carries no authenticated caller");
        }
        return caller;
    }
}
