package org.chatinbox.ingest.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.chatinbox.events.data.Session;
import org.chatinbox.ingest.Events;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionEnricherTest {

    static UserAgentClassifier userAgents;

    @TempDir
    static Path dir;

    static GeoLocator geo;

    @BeforeAll
    static void load() throws IOException {
        userAgents = new UserAgentClassifier();
        geo = new GeoLocator(Optional.of(MiniCityDatabase.write(dir.resolve("city.mmdb"), new int[]{203, 0, 113}, "Lyon",
                "FR")));
    }

    @Test
    void cityAndCountryComeFromTheIpWhenTheChannelSendsNone() {
        Session session = new SessionEnricher(userAgents, geo).enrich(session("203.0.113.7", null, null));
        assertThat(session.city()).isEqualTo("Lyon");
        assertThat(session.country()).isEqualTo("FR");
        assertThat(session.device()).isEqualTo("mobile");
    }

    @Test
    void whatTheChannelSendsWins() {
        Session session = new SessionEnricher(userAgents, geo).enrich(session("203.0.113.7", "Paris", "FR"));
        assertThat(session.city()).isEqualTo("Paris");
    }

    @Test
    void anAddressOutsideTheDatabaseLeavesThePlaceEmpty() {
        Session session = new SessionEnricher(userAgents, geo).enrich(session("198.51.100.1", null, null));
        assertThat(session.city()).isNull();
        assertThat(session.country()).isNull();
    }

    @Test
    void withoutADatabaseOnlyTheClientIsDerived() throws IOException {
        Session session = new SessionEnricher(userAgents, new GeoLocator(Optional.empty()))
                .enrich(session("203.0.113.7", null, null));
        assertThat(session.city()).isNull();
        assertThat(session.browser()).isEqualTo("Safari");
    }

    @Test
    void aHostNameIsNeverLookedUp() {
        assertThat(geo.locate("shop.example")).isEmpty();
    }

    private static Session session(String ip, String city, String country) {
        return new Session(ip, Events.IPHONE, city, country, "fr-FR", null, null, null, null);
    }
}
