package org.chatinbox.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One server of the local stack: Kafka, PostgreSQL, Elasticsearch or one of the services. */
abstract class Server {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    protected final StackLayout layout;
    private final String name;
    private final int port;

    Server(StackLayout layout, String name, int port) {
        this.layout = layout;
        this.name = name;
        this.port = port;
    }

    final String name() {
        return name;
    }

    final int port() {
        return port;
    }

    final ManagedProcess process() {
        return layout.process(name);
    }

    /** Prepares what is missing (storage, configuration) and starts the process, without waiting for it. */
    abstract void start();

    /** Whether the server answers as it should: a cheap check, called until it says yes. */
    abstract boolean isReady();

    /** The signal that asks the server to shut down cleanly. */
    String stopSignal() {
        return "TERM";
    }

    Duration stopGrace() {
        return Duration.ofSeconds(20);
    }

    /** Whether a DELETE on the loopback was answered 200. */
    static boolean httpDelete(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The body of a 200 answer to a GET on the loopback, or null for any other answer or none. */
    static String httpGet(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException notYet) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
