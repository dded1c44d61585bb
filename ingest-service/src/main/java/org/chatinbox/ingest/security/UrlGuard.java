package org.chatinbox.ingest.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.chatinbox.ingest.config.IngestConfig;

/**
 * Server-side request forgery: a callback or webhook URL may only reach the public internet. Its host is resolved and every
 * address it resolves to is checked: loopback (allowed in the local profile only), unspecified, link-local (the cloud metadata
 * service at 169.254.169.254 among them), private, shared (100.64/10), unique-local IPv6, multicast and reserved ranges are
 * refused. Checked when a URL is registered and again before each call, since what a name resolves to may change.
 */
@ApplicationScoped
public class UrlGuard {

    private final boolean allowLoopback;

    @Inject
    public UrlGuard(IngestConfig config) {
        this(config.outbound().allowLoopback());
    }

    UrlGuard(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** Why the URL may not be called, or empty when it may. */
    public Optional<String> refusal(URI url) throws UnknownHostException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs can be called");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            return Optional.of("the URL has no host");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("the URL may not hold credentials");
        }
        for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
            Optional<String> refused = refusal(address);
            if (refused.isPresent()) {
                return Optional.of(url.getHost() + " resolves to " + address.getHostAddress() + ", " + refused.get());
            }
        }
        return Optional.empty();
    }

    Optional<String> refusal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty() : Optional.of("a loopback address");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("an unspecified address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address (cloud metadata services live there)");
        }
        if (address.isSiteLocalAddress() || isPrivate(address)) {
            return Optional.of("a private address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if (isReserved(address)) {
            return Optional.of("a reserved address");
        }
        return Optional.empty();
    }

    /** What {@link InetAddress#isSiteLocalAddress} leaves out: shared address space, and unique-local IPv6 (fc00::/7). */
    private static boolean isPrivate(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        }
        return address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
    }

    /** 0/8, 192.0.0/24, the benchmarking 198.18/15, 240/4 and broadcast; IPv6 documentation and discard prefixes. */
    private static boolean isReserved(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first >= 240 || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || (first == 198 && (second == 18 || second == 19));
        }
        boolean documentation = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d
                && (b[3] & 0xff) == 0xb8;
        boolean discard = (b[0] & 0xff) == 0x01 && b[1] == 0 && b[2] == 0 && b[3] == 0;
        return documentation || discard;
    }
}
