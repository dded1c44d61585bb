package org.chatinbox.ingest.enrich;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Device class, browser and operating system from a user-agent string, with Yauaa. Only the three fields we need are loaded,
 * and Yauaa's own test cases dropped, which keeps the analyser near 120 MB of heap; a cache absorbs the repeats of popular user
 * agents.
 */
@Startup
@ApplicationScoped
public class UserAgentClassifier {

    /** What a user agent tells about the visitor's client; any part may be null when it is not known. */
    public record Client(String device, String browser, String os) {
    }

    private static final int CACHE_SIZE = 10_000;

    private final UserAgentAnalyzer analyzer = UserAgentAnalyzer.newBuilder()
            .withFields(UserAgent.DEVICE_CLASS, UserAgent.AGENT_NAME, UserAgent.OPERATING_SYSTEM_NAME)
            .withoutCache()
            .dropTests()
            .hideMatcherLoadStats()
            .immediateInitialization()
            .build();

    /** Popular user agents repeat endlessly: a hit here costs a hash lookup, not a parse (Yauaa's own cache takes µs). */
    private final Map<String, Client> cache = new ConcurrentHashMap<>();

    public Client classify(String userAgent) {
        Client known = cache.get(userAgent);
        if (known != null) {
            return known;
        }
        if (cache.size() >= CACHE_SIZE) {
            cache.clear(); // crude but bounded; the popular agents are back within a few requests
        }
        Client client = parse(userAgent);
        cache.put(userAgent, client);
        return client;
    }

    private Client parse(String userAgent) {
        UserAgent parsed = analyzer.parse(userAgent);
        return new Client(deviceClass(parsed.getValue(UserAgent.DEVICE_CLASS)),
                known(parsed.getValue(UserAgent.AGENT_NAME)),
                operatingSystem(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME)));
    }

    /** Yauaa's classes folded into the contract's three: {@code desktop}, {@code mobile}, {@code tablet}. */
    static String deviceClass(String yauaaClass) {
        return switch (yauaaClass) {
            case "Desktop" -> "desktop";
            case "Tablet", "eReader" -> "tablet";
            case "Phone", "Mobile", "Watch", "Handheld Game Console" -> "mobile";
            default -> null;
        };
    }

    private static String operatingSystem(String name) {
        return switch (name) {
            case "Windows NT" -> "Windows";
            case "Mac OS" -> "macOS";
            default -> known(name);
        };
    }

    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("Unknown") || value.startsWith("??") ? null : value;
    }
}
