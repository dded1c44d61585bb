package org.chatinbox.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server process that outlives the JVM that started it: its pid is kept in a file, so that any later command (or test JVM)
 * can find it, check it and stop it.
 */
final class ManagedProcess {

    static final String UNPRIVILEGED_USER = "nobody";
    private static final String UNPRIVILEGED_GROUP = "nogroup";

    private final String name;
    private final Path pidFile;
    private final Path logFile;

    ManagedProcess(String name, Path pidFile, Path logFile) {
        this.name = name;
        this.pidFile = pidFile;
        this.logFile = logFile;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    /**
     * The running process, if the pid file names one that is still alive. The pid file holds the pid and the start time, so a
     * recycled pid is not mistaken for our process; a zombie (ended, not yet reaped: no command line) counts as ended.
     */
    Optional<ProcessHandle> handle() {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            String[] recorded = Files.readString(pidFile).trim().split("\\s+");
            long pid = Long.parseLong(recorded[0]);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().isPresent())
                    .filter(p -> recorded.length < 2 || sameStart(p, recorded[1]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the process started when the pid file says, give or take a few seconds: the JDK derives a start instant from the
     * kernel's boot time, which moves when the wall clock is stepped, so JVMs started at different times can see the same
     * process start a second or more apart (seen in CI: every later module took the running servers for dead ones).
     */
    private static boolean sameStart(ProcessHandle process, String recorded) {
        try {
            long seconds = Long.parseLong(recorded);
            return process.info().startInstant().map(i -> Math.abs(i.getEpochSecond() - seconds) <= 30).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String startTime(ProcessHandle process) {
        return process.info().startInstant().map(i -> Long.toString(i.getEpochSecond())).orElse("?");
    }

    boolean isAlive() {
        return handle().isPresent();
    }

    /**
     * Starts the command detached: output to the log file, no standard input, so it runs on after this JVM ends.
     *
     * @param unprivileged
     *            run as {@code nobody} when this JVM runs as root (Elasticsearch and PostgreSQL refuse root)
     */
    ProcessHandle start(List<String> command, Path workDir, Map<String, String> environment, boolean unprivileged) {
        List<String> full = unprivileged ? asServerUser(command) : command;
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            Files.writeString(pidFile, process.pid() + " " + startTime(process.toHandle()));
            return process.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", full), e);
        }
    }

    /**
     * Stops the process and its children: gracefully first ({@code signal}, e.g. {@code TERM}; PostgreSQL's fast shutdown is
     * {@code INT}), forcefully after {@code grace}.
     */
    boolean stop(String signal, Duration grace) {
        Optional<ProcessHandle> handle = handle();
        if (handle.isEmpty()) {
            deletePidFile();
            return false;
        }
        ProcessHandle process = handle.get();
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(0, process);
        if ("TERM".equals(signal)) {
            process.destroy();
        } else {
            Processes.run(List.of("kill", "-" + signal, Long.toString(process.pid())), Path.of("/"), Duration.ofSeconds(5));
        }
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timeoutOrInterrupt) {
            family.forEach(ProcessHandle::destroyForcibly);
        }
        // children a graceful parent left behind
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        deletePidFile();
        return true;
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command as the unprivileged user when we are root (Elasticsearch and PostgreSQL refuse root). */
    static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + UNPRIVILEGED_USER,
                "--regid=" + UNPRIVILEGED_GROUP, "--clear-groups", "--"));
        full.addAll(command);
        return full;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Hands a directory tree to the unprivileged user the servers run as, when we are root. */
    static void handOver(Path dir) {
        if (!isRoot()) {
            return;
        }
        Processes.run(List.of("chown", "-R", UNPRIVILEGED_USER + ":" + UNPRIVILEGED_GROUP, dir.toString()), dir,
                Duration.ofMinutes(1));
    }
}
