package org.chatinbox.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;

/**
 * The local stack's command line ({@code deploy/local/inbox up|down|status}) and the entry point of the integration tests: both
 * start the servers through the same {@link Stack}.
 */
public final class LocalStack {

    private static final String USAGE = """
            usage: LocalStack <command> [--root DIR] [--dir DIR]
              up [--scale SERVICE=N ...] [--demo]
                       start Kafka, PostgreSQL, Elasticsearch and the six services; return when all are ready;
                       N replicas of a service (the 2nd on its port + 100, the 3rd + 200, ...; at most 12), the demo data
              down     stop everything this stack started
              rebuild [SERVICE]
                       drop the service's read model (default conversation-service) and replay it from the topics
              status   each component with its pid, port and health
              demo [--gateway URL] [--channel-key KEY]
                       fill the demo workspace with ~300 real dialogues (STAR) through the running gateway's ingest API
              watch    (internal) stop the servers once the process --owner PID has ended
            --root: the project folder (default: the current folder); --dir: the state folder (default: ROOT/.inbox)
            """;

    private LocalStack() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.print(USAGE);
            System.exit(2);
        }
        Path root = Path.of(option(args, "--root").orElse(".")).toAbsolutePath().normalize();
        Path dir = option(args, "--dir").map(Path::of).orElse(root.resolve(".inbox"));
        Stack stack = Stack.local(root, dir);
        try {
            switch (args[0]) {
                case "up" -> {
                    long started = System.nanoTime();
                    stack.up(LocalStack::say);
                    for (String scale : options(args, "--scale")) {
                        String[] parts = scale.split("=", 2);
                        if (parts.length != 2 || !parts[1].matches("\\d{1,2}")) {
                            throw new IllegalArgumentException("--scale SERVICE=N, e.g. --scale conversation-service=3");
                        }
                        stack.scale(parts[0], Integer.parseInt(parts[1]), LocalStack::say)
                                .forEach((name, url) -> say(name + " on " + url));
                    }
                    say(String.format("chat-inbox is ready in %.1f s: gateway on http://localhost:%d (logs in %s)",
                            (System.nanoTime() - started) / 1e9, Stack.SERVICES.get(5).port(), dir.resolve("logs")));
                    if (Arrays.asList(args).contains("--demo")) {
                        demo(args);
                    }
                }
                case "down" -> stack.down(LocalStack::say);
                case "rebuild" -> {
                    String module = args.length > 1 && !args[1].startsWith("--") ? args[1] : "conversation-service";
                    long started = System.nanoTime();
                    long records = stack.rebuild(module, LocalStack::say);
                    say(String.format("%s rebuilt from %d records in %.1f s", module, records,
                            (System.nanoTime() - started) / 1e9));
                }
                case "status" -> stack.status().forEach(System.out::println);
                case "demo" ->
                    new DemoLoader(option(args, "--gateway").orElse("http://localhost:" + Stack.SERVICES.get(5).port()),
                            option(args, "--channel-key").orElse("demo-channel-key")).load(LocalStack::say);
                case "watch" -> watch(Stack.forTests(root, dir), Long.parseLong(option(args, "--owner").orElseThrow()));
                default -> {
                    System.err.print(USAGE);
                    System.exit(2);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("inbox " + args[0] + " failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The suite's services, in start order, as the stack runs them. */
    public static List<ServiceSpec> services() {
        return Stack.SERVICES;
    }

    /** Every topic of the suite, dead-letter topics included, as the stack creates them. */
    public static List<TopicSpec> topics() {
        return Stack.TOPICS;
    }

    /**
     * The servers of the integration tests, started once per build: the first test JVM starts them (on free ports, under
     * {@code ROOT/target/test-stack}), every later one finds them running and reuses them, and a watchdog stops them when the
     * Maven build that started them ends. With {@code -Dchatinbox.stack.reuse=true} the tests use the developer's running local
     * stack ({@code ROOT/.inbox}) instead, and leave it running.
     *
     * @param root
     *            the project folder
     * @param databases
     *            databases the calling tests need; created when missing
     */
    public static Infrastructure testInfrastructure(Path root, String... databases) {
        return withTestStack(root, stack -> stack.upInfrastructure(List.of(databases), LocalStack::testProgress));
    }

    /**
     * Services of the suite for end-to-end tests, started from their built jars ({@code target/quarkus-app}) in the
     * {@code test} profile against the test servers, once per build like the servers; the watchdog stops them too.
     *
     * @return each module's base URL
     */
    public static Map<String, String> testServices(Path root, String... modules) {
        return withTestStack(root, stack -> stack.upServices(List.of(modules), LocalStack::testProgress));
    }

    /**
     * Runs {@code count} replicas of a service of the test stack in its consumer groups (further replicas on free ports), as
     * {@code inbox up --scale} does; replicas above the count are stopped.
     *
     * @return each replica's base URL, by its name ({@code conversation-service}, {@code conversation-service-2}, ...)
     */
    public static Map<String, String> scaleTestService(Path root, String module, int count) {
        return withTestStack(root, stack -> stack.scale(module, count, LocalStack::testProgress));
    }

    /**
     * Rebuilds a service of the test stack from the topics, as {@code inbox rebuild} does; returns once it has caught up.
     *
     * @return how many records it replayed
     */
    public static long rebuildTestService(Path root, String module) {
        return withTestStack(root, stack -> stack.rebuild(module, LocalStack::testProgress));
    }

    /**
     * Runs {@code action} on the test stack (or, with {@code -Dchatinbox.stack.reuse=true}, the developer's running one) while
     * holding the stack's file lock, so test JVMs never start the same server twice; the watchdog runs before anything starts.
     */
    private static <T> T withTestStack(Path root, java.util.function.Function<Stack, T> action) {
        boolean reuse = Boolean.getBoolean("chatinbox.stack.reuse");
        Path dir = stackDir(root);
        Stack stack = reuse ? Stack.local(root, dir) : Stack.forTests(root, dir);
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                if (!reuse) {
                    // armed before the first server starts: a start that fails half-way leaves nothing running
                    ensureWatchdog(stack, root, dir);
                }
                return action.apply(stack);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path stackDir(Path root) {
        return Boolean.getBoolean("chatinbox.stack.reuse")
                ? root.resolve(".inbox")
                : root.resolve("target").resolve("test-stack");
    }

    private static void testProgress(String line) {
        System.out.println("[test-stack] " + line);
    }

    /**
     * Freezes one server of the test stack ({@code SIGSTOP}) until the returned handle is closed ({@code SIGCONT}): a hung
     * server, so tests can check what the services answer while it cannot respond.
     *
     * @param server
     *            {@code kafka}, {@code postgres} or {@code elasticsearch}
     */
    public static AutoCloseable freeze(Path root, String server) {
        Path dir = stackDir(root);
        ProcessHandle process = new StackLayout(dir, dir).process(server).handle()
                .orElseThrow(() -> new IllegalStateException(server + " is not running under " + dir));
        // the whole tree: Elasticsearch's launcher runs the server as a child process
        List<ProcessHandle> tree = new java.util.ArrayList<>(List.of(process));
        process.descendants().forEach(tree::add);
        tree.forEach(p -> signal(p, "STOP"));
        return () -> tree.forEach(p -> signal(p, "CONT"));
    }

    /** Kills one server or service of the test stack at once ({@code SIGKILL}): a crash, for tests of what survives one. */
    public static void kill(Path root, String server) {
        Path dir = stackDir(root);
        new StackLayout(dir, dir).process(server).handle().ifPresent(process -> {
            signal(process, "KILL");
            process.onExit().join();
        });
    }

    private static void signal(ProcessHandle process, String signal) {
        Processes.run(List.of("kill", "-" + signal, Long.toString(process.pid())), Path.of("."),
                java.time.Duration.ofSeconds(10));
    }

    private static void ensureWatchdog(Stack stack, Path root, Path dir) {
        ManagedProcess watchdog = stack.layout().process("watchdog");
        if (watchdog.isAlive()) {
            return;
        }
        long owner = buildProcess().pid();
        String classpath = String.join(":", codeSources(LocalStack.class.getName(), Admin.class.getName(),
                "org.postgresql.Driver", "org.slf4j.Logger", "org.chatinbox.events.Topics"));
        watchdog.start(List.of(stack.layout().javaExecutable().toString(), "-Xmx32m", "-XX:+UseSerialGC", "-cp",
                classpath, LocalStack.class.getName(), "watch", "--owner", Long.toString(owner), "--root",
                root.toString(), "--dir", dir.toString()), root, java.util.Map.of(), false);
    }

    /** The Maven JVM running this build (an ancestor of the test JVM), or this JVM where there is none. */
    static ProcessHandle buildProcess() {
        for (Optional<ProcessHandle> p = ProcessHandle.current().parent(); p.isPresent(); p = p.get().parent()) {
            String command = p.get().info().commandLine().orElse("");
            if (command.contains("org.codehaus.plexus.classworlds.launcher.Launcher")) {
                return p.get();
            }
        }
        return ProcessHandle.current();
    }

    /** Where these classes were loaded from: the watchdog's classpath, whatever launched this JVM. */
    private static List<String> codeSources(String... classNames) {
        Set<String> paths = new LinkedHashSet<>();
        for (String className : classNames) {
            try {
                Class<?> type = Class.forName(className, false, LocalStack.class.getClassLoader());
                paths.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (ClassNotFoundException | java.net.URISyntaxException e) {
                throw new IllegalStateException("cannot locate " + className, e);
            }
        }
        return new ArrayList<>(paths);
    }

    private static void watch(Stack stack, long owner) {
        ProcessHandle.of(owner).ifPresent(p -> p.onExit().join());
        // services the end-to-end tests started first, then the servers they use
        stack.down(line -> {
        });
    }

    private static void demo(String[] args) {
        new DemoLoader(option(args, "--gateway").orElse("http://localhost:" + Stack.SERVICES.get(5).port()),
                option(args, "--channel-key").orElse("demo-channel-key")).load(LocalStack::say);
    }

    /** Every value of a repeatable option. */
    private static List<String> options(String[] args, String name) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                values.add(args[i + 1]);
            }
        }
        return values;
    }

    private static Optional<String> option(String[] args, String name) {
        int index = Arrays.asList(args).indexOf(name);
        return index >= 0 && index + 1 < args.length ? Optional.of(args[index + 1]) : Optional.empty();
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
