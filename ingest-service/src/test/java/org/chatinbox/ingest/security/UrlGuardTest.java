package org.chatinbox.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class UrlGuardTest {

    private final UrlGuard production = new UrlGuard(false);
    private final UrlGuard local = new UrlGuard(true);

    @Test
    void metadataPrivateAndLoopbackAddressesAreRefused() throws Exception {
        assertThat(production.refusal(URI.create("http://169.254.169.254/latest/meta-data/"))).get().asString()
                .contains("link-local");
        assertThat(production.refusal(URI.create("http://10.0.0.1/hook"))).get().asString().contains("private");
        assertThat(production.refusal(URI.create("http://192.168.1.20:8080/"))).get().asString().contains("private");
        assertThat(production.refusal(URI.create("http://100.64.3.4/"))).get().asString().contains("private");
        assertThat(production.refusal(URI.create("http://[fd00:ec2::254]/"))).get().asString().contains("private");
        assertThat(production.refusal(URI.create("http://0.0.0.0:9200/"))).isPresent();
        assertThat(production.refusal(URI.create("http://224.0.0.1/"))).get().asString().contains("multicast");
    }

    @Test
    void aHostnameIsCheckedByWhatItResolvesTo() throws Exception {
        assertThat(production.refusal(URI.create("http://localhost:8080/hook"))).get().asString()
                .contains("resolves to 127.0.0.1").contains("loopback");
        assertThat(production.refusal(URI.create("http://[::1]/"))).get().asString().contains("loopback");
    }

    @Test
    void theLocalProfileAllowsLoopbackOnly() throws Exception {
        assertThat(local.refusal(URI.create("http://localhost:8080/hook"))).isEmpty();
        assertThat(local.refusal(URI.create("http://10.0.0.1/hook"))).isPresent();
        assertThat(local.refusal(URI.create("http://169.254.169.254/"))).isPresent();
    }

    @Test
    void publicAddressesOverHttpOrHttpsAreAllowed() throws Exception {
        assertThat(production.refusal(URI.create("https://93.184.216.34/hook"))).isEmpty();
        assertThat(production.refusal(URI.create("ftp://93.184.216.34/hook"))).get().asString().contains("http");
        assertThat(production.refusal(URI.create("https://user:pw@93.184.216.34/"))).get().asString()
                .contains("credentials");
    }
}
