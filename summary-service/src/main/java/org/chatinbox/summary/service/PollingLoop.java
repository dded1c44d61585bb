package org.chatinbox.summary.service;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.jboss.logging.Logger;

/**
 * A background loop on a thread of its own: runs a unit of work at once again while it finds a full batch, otherwise every
 * {@code poll}; while the work fails (the database away), the pause doubles up to ten seconds and one line says why.
 */
final class PollingLoop {

    private static final Logger LOG = Logger.getLogger(PollingLoop.class);
    private static final long MAX_PAUSE_MS = 10_000;

    private final String name;
    private final Callable<Boolean> work;
    private final long pollMs;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running = true;
    private Thread thread;

    /** {@code work} answers whether it found a full batch (and should run again at once). */
    PollingLoop(String name, Duration poll, Callable<Boolean> work) {
        this.name = name;
        this.work = work;
        this.pollMs = Math.max(1, poll.toMillis());
    }

    void start() {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** There may be work: run now rather than at the next poll. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        long pauseMs = pollMs;
        boolean failing = false;
        while (running) {
            boolean more = false;
            try {
                more = work.call();
                if (failing) {
                    LOG.infof("%s: running again", name);
                }
                failing = false;
                pauseMs = pollMs;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!failing) {
                    LOG.warnf(e, "%s waits for the database", name);
                } else {
                    LOG.debugf("%s still waits: %s", name, e.getMessage());
                }
                failing = true;
                pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
            }
            if (more) {
                continue;
            }
            synchronized (signal) {
                if (!woken) {
                    try {
                        signal.wait(pauseMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
        }
    }
}
