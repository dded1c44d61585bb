package org.chatinbox.service.repository;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import jakarta.transaction.RollbackException;

import org.chatinbox.service.messaging.EventStore.Failure;

/** What a PostgreSQL failure means for a consumer: the one place that reads SQL states for it. */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /**
     * Away: no connection (class 08, and the pool's own acquisition timeout, which has no state), the server shutting down
     * (57P), out of resources (53), read-only (25006), a transaction to run again (40: serialization, deadlock). Refused: the
     * data itself (22, such as a value out of range) or a constraint (23). Anything else is a fault of the service. A
     * transaction rolled back at commit by the transaction manager (its timeout passed while the database hung) is away too.
     */
    public static Failure classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RollbackException) {
                // the transaction manager ended it at commit: its timeout passed while the database hung
                return Failure.AWAY;
            }
        }
        SQLException sql = sqlCause(failure);
        if (sql == null) {
            return Failure.UNEXPECTED;
        }
        String state = sql.getSQLState();
        if (sql instanceof SQLTransientException || sql instanceof SQLRecoverableException || state == null
                || state.startsWith("08") || state.startsWith("57P") || state.startsWith("53") || state.startsWith("40")
                || state.equals("25006")) {
            return Failure.AWAY;
        }
        if (state.startsWith("22") || state.startsWith("23")) {
            return Failure.REFUSED;
        }
        return Failure.UNEXPECTED;
    }

    /** The driver's exception, however the transaction layer wrapped it. */
    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
