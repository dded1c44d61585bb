import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency of the inbox reads at whatever volume the local stack holds (fill it with bench/run first): the conversation list
 * (first page and a deep page by cursor), a filtered list, and one conversation's messages, each called directly on
 * conversation-service and through the gateway, so the gateway's overhead shows; then the keyword filter q through the
 * gateway and the search box ({@code GET /search}, and inside one conversation). One client, sequential calls.
 */
public class ReadBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final int CALLS = Integer.parseInt(System.getenv().getOrDefault("BENCH_CALLS", "2000"));
    /** Only the cases whose name contains this (e.g. BENCH_ONLY=search). */
    static final String ONLY = System.getenv().getOrDefault("BENCH_ONLY", "");

    public static void main(String[] args) throws Exception {
        String gateway = "http://127.0.0.1:8080";
        String service = "http://127.0.0.1:8082";
        String workspace = System.getenv().getOrDefault("BENCH_WORKSPACE", "bench");
        String agentKey = System.getenv().getOrDefault("BENCH_AGENT_KEY", "bench-agent-key");
        String token = System.getenv().getOrDefault("INBOX_INTERNAL_TOKEN", "local-internal-token");

        String first = get(service + "/api/v1/conversations?limit=100", workspace, token, null);
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"id\":\"(bench-[0-9]+)\"").matcher(first);
        while (m.find()) {
            ids.add(m.group(1));
        }
        String cursor = deepCursor(service, workspace, token, 50);
        System.out.printf("read bench: %d calls per case, %d conversations sampled%n", CALLS, ids.size());
        System.out.printf("%-44s %9s %9s %9s%n", "", "p50 ms", "p99 ms", "max ms");
        for (String base : List.of(service, gateway)) {
            boolean direct = base.equals(service);
            String label = direct ? "direct " : "gateway";
            measure(label + " list, first page (20)", () -> base + "/api/v1/conversations", workspace, token, direct, agentKey);
            measure(label + " list, page 51 by cursor", () -> base + "/api/v1/conversations?cursor=" + cursor, workspace, token,
                    direct, agentKey);
            measure(label + " list, botId + status filter", () -> base + "/api/v1/conversations?botId=support-bot&status=open",
                    workspace, token, direct, agentKey);
            measure(label + " messages of one conversation", () -> base + "/api/v1/conversations/"
                    + ids.get(ThreadLocalRandom.current().nextInt(ids.size())) + "/messages?limit=50", workspace, token, direct,
                    agentKey);
        }
        // the keyword filter: every bench conversation says "delivery address"; search-service answers it with any state
        // filter in one query, conversation-service gives the page's conversations; a word nobody wrote is one round trip
        measure("gateway q matching every conversation", () -> gateway + "/api/v1/conversations?q=delivery+address",
                workspace, token, false, agentKey);
        measure("gateway q + status + assignee", () -> gateway
                + "/api/v1/conversations?q=delivery+address&status=open&assignee=none", workspace, token, false, agentKey);
        measure("gateway q matching none", () -> gateway + "/api/v1/conversations?q=zeppelin", workspace, token, false,
                agentKey);
        // the search box: the same broad keyword counts and facets every matching message; a search inside one conversation
        // is one shard's few messages
        measure("gateway search, keyword in every conversation", () -> gateway + "/api/v1/search?q=delivery+address",
                workspace, token, false, agentKey);
        measure("gateway search, keyword + role + channel", () -> gateway
                + "/api/v1/search?q=delivery+address&role=bot&channel=web", workspace, token, false, agentKey);
        measure("gateway search, keyword + needsHuman", () -> gateway + "/api/v1/search?q=delivery+address&needsHuman=true",
                workspace, token, false, agentKey);
        measure("gateway search, keyword + status", () -> gateway + "/api/v1/search?q=delivery+address&status=open",
                workspace, token, false, agentKey);
        measure("gateway search, keyword matching none", () -> gateway + "/api/v1/search?q=zeppelin", workspace, token, false,
                agentKey);
        measure("gateway search inside one conversation", () -> gateway + "/api/v1/conversations/"
                + ids.get(ThreadLocalRandom.current().nextInt(ids.size())) + "/messages?q=address", workspace, token, false,
                agentKey);
    }

    interface Url {
        String next();
    }

    static void measure(String name, Url url, String workspace, String token, boolean direct, String agentKey)
            throws Exception {
        if (!name.contains(ONLY)) {
            return;
        }
        for (int i = 0; i < 200; i++) {
            get(url.next(), workspace, token, direct ? null : agentKey);
        }
        long[] samples = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            get(url.next(), workspace, token, direct ? null : agentKey);
            samples[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(samples);
        System.out.printf("%-44s %9.2f %9.2f %9.2f%n", name, samples[CALLS / 2] / 1e6, samples[(int) (CALLS * 0.99)] / 1e6,
                samples[CALLS - 1] / 1e6);
    }

    static String deepCursor(String service, String workspace, String token, int pages) throws Exception {
        String cursor = null;
        Pattern next = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");
        for (int i = 0; i < pages; i++) {
            String body = get(service + "/api/v1/conversations" + (cursor == null ? "" : "?cursor=" + cursor), workspace, token,
                    null);
            Matcher m = next.matcher(body);
            if (!m.find()) {
                break;
            }
            cursor = m.group(1);
        }
        return cursor;
    }

    static String get(String url, String workspace, String token, String agentKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (agentKey == null) {
            request.header("X-Inbox-Token", token).header("X-Inbox-Workspace", workspace).header("X-Inbox-Agent", "bench")
                    .header("X-Inbox-Roles", "agent");
        } else {
            request.header("X-API-Key", agentKey);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
