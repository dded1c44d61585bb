package org.chatinbox.service.security;

import jakarta.enterprise.context.RequestScoped;

import org.chatinbox.problem.ProblemException;

/** The caller of the current request, set by {@link InternalCallerFilter} before any resource runs. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw ProblemException.unauthorized("no caller");
        }
        return caller;
    }
}
