package org.chatinbox.bench.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The very requests search-service sends Elasticsearch for a call, read from the search slow log at threshold 0 (the only
 * record of them outside the service), so that the same raw query can be replayed on the store beside the gateway's call.
 */
public final class SearchLog {

    static final String ES = "http://127.0.0.1:9200";
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String index;
    private final Path file;

    public SearchLog(HttpClient http) throws Exception {
        this.http = http;
        this.index = JSON.readTree(send("GET", ES + "/_alias/inbox-search", null)).fieldNames().next();
        JsonNode node = JSON.readTree(send("GET", ES + "/_nodes/settings", null)).get("nodes").elements().next();
        this.file = Path.of(node.at("/settings/path/logs").asText())
                .resolve(node.at("/settings/cluster/name").asText() + "_index_search_slowlog.json");
    }

    public String index() {
        return index;
    }

    /**
     * The requests that {@code call} made search-service send, in order: the logged sources since the call that mention
     * {@code word} (a search may first look up the words near the typed ones), once the search itself is in.
     */
    public List<String> capture(Runnable call, String word) throws Exception {
        threshold("0ms");
        try {
            long from = Files.exists(file) ? Files.size(file) : 0;
            call.run();
            for (int attempt = 0; attempt < 50; attempt++) {
                List<String> sources = new ArrayList<>();
                boolean searched = false;
                byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
                if (bytes.length > from) {
                    String added = new String(bytes, (int) from, bytes.length - (int) from, StandardCharsets.UTF_8);
                    for (String line : added.split("\n")) {
                        // the embedding worker's polls land in the same log
                        if (line.contains("\"elasticsearch.slowlog.source\"")) {
                            // the source is logged as an escaped string: unescape it once more
                            String logged = JSON.readTree(line).get("elasticsearch.slowlog.source").asText();
                            String source = logged.startsWith("{\\\"") ? JSON.readTree("\"" + logged + "\"").asText() : logged;
                            if (source.contains(word)) {
                                sources.add(source);
                                searched |= JSON.readTree(source).has("query");
                            }
                        }
                    }
                }
                if (searched) {
                    return sources;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("search-service's query for '" + word + "' is not in " + file);
        } finally {
            threshold("-1");
        }
    }

    /** Sends the captured requests again, one after the other as search-service does. */
    public void replay(List<String> requests) throws Exception {
        for (String request : requests) {
            send("POST", ES + "/" + index + "/_search", request);
        }
    }

    private void threshold(String value) throws Exception {
        send("PUT", ES + "/" + index + "/_settings", "{\"index.search.slowlog.threshold.query.warn\":\"" + value + "\"}");
    }

    private String send(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
