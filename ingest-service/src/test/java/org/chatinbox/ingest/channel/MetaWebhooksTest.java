package org.chatinbox.ingest.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.ingest.config.IngestConfig;
import org.junit.jupiter.api.Test;

class MetaWebhooksTest {

    static final IngestConfig.WebhookChannel CHANNEL = new IngestConfig.WebhookChannel() {
        public IngestConfig.Platform platform() {
            return IngestConfig.Platform.meta;
        }

        public String secret() {
            return "s";
        }

        public Optional<String> verifyToken() {
            return Optional.empty();
        }

        public String workspace() {
            return "demo";
        }

        public String bot() {
            return "sales-bot";
        }

        public Optional<String> botToken() {
            return Optional.empty();
        }

        public Optional<String> accessToken() {
            return Optional.empty();
        }

        public Optional<String> pageId() {
            return Optional.empty();
        }

        public Optional<String> phoneNumberId() {
            return Optional.empty();
        }
    };

    @Test
    void echoIsTheBotsReplyInTheVisitorsConversation() throws Exception {
        List<CloudEvent<MessageCreated>> events = MetaWebhooks.toEvents("demo-meta", CHANNEL, EventJson.mapper().readTree("""
                {"object": "page", "entry": [{"id": "PAGE", "messaging": [{"sender": {"id": "PAGE"},
                 "recipient": {"id": "4242"}, "timestamp": 1795342530120,
                 "message": {"is_echo": true, "app_id": 1, "mid": "m_echo", "text": "We ship worldwide."}}]}]}"""));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).data().conversationId()).isEqualTo("messenger:4242");
        assertThat(events.get(0).data().sender().role()).isEqualTo(Role.BOT);
    }

    @Test
    void whatsappStatusesAndMediaAreNotMessages() throws Exception {
        List<CloudEvent<MessageCreated>> events = MetaWebhooks.toEvents("demo-meta", CHANNEL, EventJson.mapper().readTree("""
                {"object": "whatsapp_business_account", "entry": [{"id": "W", "changes": [{"field": "messages", "value": {
                 "statuses": [{"id": "wamid.X", "status": "read", "timestamp": "1795342530", "recipient_id": "1"}],
                 "messages": [{"from": "1", "id": "wamid.Y", "timestamp": "1795342530", "type": "image",
                   "image": {"id": "media-1", "mime_type": "image/jpeg"}}]}}]}]}"""));
        assertThat(events).isEmpty();
    }

    @Test
    void platformIdsStayStableAndWithinTheContractsCharacters() {
        assertThat(PlatformIds.id("fb:", "m_ok-1")).isEqualTo("fb:m_ok-1");
        String hashed = PlatformIds.id("fb:", "mid.$cAAJ+/=");
        assertThat(hashed).isEqualTo(PlatformIds.id("fb:", "mid.$cAAJ+/=")).matches("[A-Za-z0-9._:-]{1,128}");
    }
}
