package org.chatinbox.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake of the platforms a channel delivers to (the Telegram Bot API, the Graph API, a bot's callback), on loopback: it
 * records every call and answers as the test scripts it, by path prefix, slowly or never if asked. Nothing in a test reaches
 * outside the machine.
 */
public final class FakePlatform implements AutoCloseable {

    /** A call as it arrived: headers by lower-case name. */
    public record Call(String path, Map<String, String> headers, String body, Instant at) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An answer: status, headers, body; after {@code delay}; and not before {@code release} completes, when one is given. */
    public record Answer(int status, Map<String, String> headers, String body, Duration delay, CompletableFuture<?> release) {

        public static Answer ok() {
            return status(200, "{\"ok\":true,\"result\":{}}");
        }

        public static Answer status(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO, null);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> more = new TreeMap<>(headers);
            more.put(name, value);
            return new Answer(status, more, body, delay, release);
        }

        public Answer after(Duration wait) {
            return new Answer(status, headers, body, wait, release);
        }

        /** Held until {@code gate} completes (a test that kills the caller meanwhile). */
        public Answer heldUntil(CompletableFuture<?> gate) {
            return new Answer(status, headers, body, delay, gate);
        }
    }

    private final HttpServer server;
    private final ScheduledExecutorService answering = Executors.newScheduledThreadPool(4, r -> {
        Thread thread = new Thread(r, "fake-platform");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Scripted answers by path prefix and, optionally, a piece of the body ("prefix\u0000piece"). */
    private final Map<String, Deque<Answer>> next = new ConcurrentHashMap<>();
    private final Map<String, Answer> always = new ConcurrentHashMap<>();

    private FakePlatform(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fake-platform-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Listens on {@code port} of loopback (0: any free port). */
    public static FakePlatform start(int port) {
        return new FakePlatform(port);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next calls under {@code pathPrefix} get these answers, one each, in order; then the standing answer. */
    public void answer(String pathPrefix, Answer... answers) {
        script(pathPrefix, answers);
    }

    /**
     * The next calls under {@code pathPrefix} whose body holds {@code bodyPiece} get these answers (a test's own chat, say,
     * whatever else is being delivered meanwhile).
     */
    public void answerWhen(String pathPrefix, String bodyPiece, Answer... answers) {
        script(pathPrefix + '\u0000' + bodyPiece, answers);
    }

    private void script(String key, Answer... answers) {
        Deque<Answer> queue = next.computeIfAbsent(key, p -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(answers));
        }
    }

    /** Every call under {@code pathPrefix} gets this answer (until {@link #reset}); by default, {@code 200}. */
    public void always(String pathPrefix, Answer answer) {
        always.put(pathPrefix, answer);
    }

    /** The calls under {@code pathPrefix}, in the order they arrived. */
    public List<Call> calls(String pathPrefix) {
        return calls.stream().filter(c -> c.path().startsWith(pathPrefix)).toList();
    }

    public void reset() {
        calls.clear();
        next.clear();
        always.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        String path = exchange.getRequestURI().getPath();
        calls.add(new Call(path, headers, body, Instant.now()));
        Answer answer = answerFor(path, body);
        Runnable reply = () -> reply(exchange, answer);
        if (answer.release() != null) {
            answer.release().whenComplete((done, failure) -> answering.schedule(reply, answer.delay().toMillis(),
                    TimeUnit.MILLISECONDS));
        } else {
            answering.schedule(reply, answer.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Answer answerFor(String path, String body) {
        // the most specific script first: one matching the body, then the longest prefix
        List<String> keys = next.keySet().stream().filter(key -> matches(key, path, body))
                .sorted((a, b) -> Boolean.compare(b.indexOf('\u0000') >= 0, a.indexOf('\u0000') >= 0) != 0
                        ? Boolean.compare(b.indexOf('\u0000') >= 0, a.indexOf('\u0000') >= 0)
                        : b.length() - a.length())
                .toList();
        for (String key : keys) {
            Deque<Answer> queue = next.get(key);
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    return queue.removeFirst();
                }
            }
        }
        return always.entrySet().stream().filter(e -> path.startsWith(e.getKey()))
                .max((a, b) -> a.getKey().length() - b.getKey().length()).map(Map.Entry::getValue).orElse(Answer.ok());
    }

    private static boolean matches(String key, String path, String body) {
        int split = key.indexOf('\u0000');
        return split < 0
                ? path.startsWith(key)
                : path.startsWith(key.substring(0, split)) && body.contains(key.substring(split + 1));
    }

    private static void reply(HttpExchange exchange, Answer answer) {
        try {
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the caller has gone (a test killed it, or it timed out): nothing to answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        answering.shutdownNow();
    }
}
