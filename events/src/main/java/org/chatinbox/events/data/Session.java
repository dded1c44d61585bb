package org.chatinbox.events.data;

import jakarta.validation.constraints.Size;

/**
 * The visitor's session as a channel saw it. May come with any visitor message; the latest values win. {@code device}
 * ({@code desktop}, {@code mobile}, {@code tablet}), {@code browser} and {@code os} are derived from {@code userAgent} when a
 * channel does not send them.
 */
public record Session(
        @Size(max = 64) String ip,
        @Size(max = 2048) String userAgent,
        @Size(max = 256) String city,
        @Size(max = 64) String country,
        @Size(max = 64) String locale,
        @Size(max = 4096) String pageUrl,
        @Size(max = 32) String device,
        @Size(max = 128) String browser,
        @Size(max = 128) String os) {

    /** A copy with the device class, browser and OS set, keeping every other value. */
    public Session withClient(String device, String browser, String os) {
        return new Session(ip, userAgent, city, country, locale, pageUrl, device, browser, os);
    }

    /** A copy with the city and country set, keeping every other value. */
    public Session withPlace(String city, String country) {
        return new Session(ip, userAgent, city, country, locale, pageUrl, device, browser, os);
    }
}
