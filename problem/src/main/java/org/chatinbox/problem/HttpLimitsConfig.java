package org.chatinbox.problem;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The sizes every service refuses with a problem+json before a resource reads the request. Vert.x's own limits
 * ({@code quarkus.http.limits.*}) are set above these: what it refuses by itself gets an empty answer.
 */
@ConfigMapping(prefix = "inbox.http")
public interface HttpLimitsConfig {

    /** The longest request target (path and query) in bytes. */
    @WithDefault("8192")
    int maxUriLength();

    /** The most bytes all request headers may take together. */
    @WithDefault("32768")
    int maxHeaderBytes();

    /** The largest request body of a route not named in {@link #bodyLimits()}. */
    @WithDefault("1048576")
    long maxBodyBytes();

    /** Larger bodies allowed on these path prefixes (the ingest of batches), in bytes. */
    Map<String, Long> bodyLimits();
}
