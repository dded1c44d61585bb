package org.chatinbox.events.data;

import org.chatinbox.events.validation.Text;

/**
 * The visitor's session as a channel saw it. May come with any visitor message; the latest values win. {@code device}
 * ({@code desktop}, {@code mobile}, {@code tablet}), {@code browser} and {@code os} are derived from {@code userAgent} when a
 * channel does not send them.
 */
public record Session(
        @Text(max = 64) String ip,
        @Text(max = 2048) String userAgent,
        @Text(max = 256) String city,
        @Text(max = 64) String country,
        @Text(max = 64) String locale,
        @Text(max = 4096) String pageUrl,
        @Text(max = 32) String device,
        @Text(max = 128) String browser,
        @Text(max = 128) String os) {

    /** A copy with the device class, browser and OS set, keeping every other value. */
    public Session withClient(String device, String browser, String os) {
        return new Session(ip, userAgent, city, country, locale, pageUrl, device, browser, os);
    }

    /** A copy with the city and country set, keeping every other value. */
    public Session withPlace(String city, String country) {
        return new Session(ip, userAgent, city, country, locale, pageUrl, device, browser, os);
    }
}
