package org.chatinbox.ingest.messaging;

import java.util.Map;

import org.chatinbox.testsupport.FakePlatform;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The fake Telegram, Graph API and bot callbacks of the module's tests, on a free loopback port. */
public class FakePlatformResource implements QuarkusTestResourceLifecycleManager {

    public static FakePlatform platform;

    @Override
    public Map<String, String> start() {
        platform = FakePlatform.start(0);
        return Map.of("inbox.ingest.outbound.telegram-url", platform.url() + "/telegram",
                "inbox.ingest.outbound.graph-url", platform.url() + "/graph",
                "inbox.ingest.callbacks.support.url", platform.url() + "/callback/support",
                "inbox.ingest.callbacks.sales.url", platform.url() + "/callback/sales");
    }

    @Override
    public void stop() {
        platform.close();
    }
}
