package org.chatinbox.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.BotReply;
import org.chatinbox.events.data.FeedbackRecorded;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Rating;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.chatinbox.events.data.Session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The demo workspace's conversations, made from real STAR dialogues ({@code demo/star-dialogues-demo.jsonl}, MIT, see its
 * SOURCE.md) as the channels would send them: the dialogues' own words and gaps, moved to the last seven days, spread over
 * bots, channels and visitors. Ids are fixed by the dialogue, so loading twice stores nothing twice.
 */
final class DemoData {

    static final String WORKSPACE = "demo";
    static final String RESOURCE = "/demo/star-dialogues-demo.jsonl";

    private static final Duration SPREAD = Duration.ofDays(7);
    private static final long MAX_GAP_SECONDS = 120;
    private static final List<String> CHANNELS = List.of("web", "telegram", "messenger", "whatsapp");
    private static final List<String> NAMES = List.of("Dana", "Sam", "Priya", "Lucas", "Mei", "Omar", "Zoe", "Jonas",
            "Aisha", "Mateo", "Hana", "Noah", "Ines", "Kofi", "Elena", "Yuki");
    private static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Mobile Safari/537.36");
    private static final List<String[]> PLACES = List.of(new String[]{"Lyon", "FR"}, new String[]{"Berlin", "DE"},
            new String[]{"Toronto", "CA"}, new String[]{"Austin", "US"}, new String[]{"Osaka", "JP"},
            new String[]{"Nairobi", "KE"}, new String[]{"Madrid", "ES"});
    /** STAR's 13 domains, shared out among three bots as a team would split them. */
    private static final Map<String, String> BOTS = Map.ofEntries(Map.entry("plane", "travel-bot"),
            Map.entry("hotel", "travel-bot"), Map.entry("trip", "travel-bot"), Map.entry("ride", "travel-bot"),
            Map.entry("apartment", "travel-bot"), Map.entry("spaceship", "travel-bot"), Map.entry("restaurant", "booking-bot"),
            Map.entry("doctor", "booking-bot"), Map.entry("meeting", "booking-bot"), Map.entry("party", "booking-bot"),
            Map.entry("bank", "help-bot"), Map.entry("weather", "help-bot"), Map.entry("trivia", "help-bot"));

    private DemoData() {
    }

    /** Every event of the demo, in the order a channel would send them, the newest dialogue ending at {@code now}. */
    static List<CloudEvent<?>> events(Instant now) {
        List<JsonNode> dialogues = dialogues();
        List<CloudEvent<?>> events = new ArrayList<>();
        Duration step = SPREAD.dividedBy(dialogues.size());
        for (int i = 0; i < dialogues.size(); i++) {
            // the first dialogue is the oldest; each starts one step after the one before
            Instant end = now.minus(step.multipliedBy(dialogues.size() - 1 - i));
            events.addAll(conversation(dialogues.get(i), i, end));
        }
        return events;
    }

    static List<CloudEvent<?>> conversation(JsonNode dialogue, int index, Instant end) {
        String dialogueId = dialogue.get("id").asText();
        String conversation = "demo-" + dialogueId;
        String bot = BOTS.getOrDefault(dialogue.get("domain").asText().split("\\+")[0], "help-bot");
        String channel = CHANNELS.get(index % CHANNELS.size());
        String source = "/channels/" + channel;
        JsonNode turns = dialogue.get("turns");
        List<Instant> times = times(turns, end);
        // two in three visitors give a name, as chat widgets and messengers do
        Sender visitor = new Sender(Role.VISITOR, "visitor-" + dialogueId,
                index % 3 == 2 ? null : NAMES.get(index % NAMES.size()));
        String[] place = PLACES.get(index % PLACES.size());
        Session session = channel.equals("web")
                ? new Session(null, USER_AGENTS.get(index % USER_AGENTS.size()), place[0], place[1], "en-US",
                        "https://shop.example/help", null, null, null)
                : null;

        List<CloudEvent<?>> events = new ArrayList<>();
        boolean sessionSent = false;
        int fallbacks = 0;
        String lastBotMessage = null;
        boolean failed = false;
        for (int t = 0; t < turns.size(); t++) {
            JsonNode turn = turns.get(t);
            String messageId = "msg-" + (t + 1);
            Instant at = times.get(t);
            boolean fromVisitor = "user".equals(turn.get("speaker").asText());
            String label = turn.path("label").asText("");
            BotReply reply = fromVisitor
                    ? null
                    : new BotReply("out_of_scope".equals(label), label.isEmpty() ? null : label, null);
            MessageCreated message = new MessageCreated(WORKSPACE, bot, channel, conversation, messageId,
                    fromVisitor ? visitor : new Sender(Role.BOT, bot, null), turn.get("text").asText(), reply,
                    fromVisitor && !sessionSent ? session : null, null);
            sessionSent |= fromVisitor;
            events.add(CloudEvent.of(conversation + "-" + messageId, source, at, message));
            if (!fromVisitor) {
                lastBotMessage = messageId;
                failed |= label.matches(".*(fail|unavailable|nothing_found|cannot_authenticate|not_available|no_venue).*");
            }
            if (reply != null && reply.fallback() && fallbacks++ == 0 && index % 2 == 0) {
                // every other visitor the bot did not understand is handed to the team
                events.add(CloudEvent.of(conversation + "-handoff", source, at.plusMillis(500),
                        new HandoffRequested(WORKSPACE, conversation, "the bot did not understand")));
            }
        }
        if (lastBotMessage != null && (failed || index % 4 == 0)) {
            // most visitors rate nothing; some rate the last answer, unhelpful where the bot could not do the task
            events.add(CloudEvent.of(conversation + "-rating", source, times.get(times.size() - 1).plusSeconds(5),
                    new FeedbackRecorded(WORKSPACE, conversation, lastBotMessage, failed ? Rating.UNHELPFUL : Rating.HELPFUL,
                            null)));
        }
        return events;
    }

    /** The source's gaps between turns (capped: a dialogue left open for an hour reads as abandoned), ending at {@code end}. */
    private static List<Instant> times(JsonNode turns, Instant end) {
        long[] offsets = new long[turns.size()];
        for (int t = 1; t < turns.size(); t++) {
            long gap = turns.get(t).path("ts").asLong() - turns.get(t - 1).path("ts").asLong();
            offsets[t] = offsets[t - 1] + Math.max(1, Math.min(gap, MAX_GAP_SECONDS));
        }
        long total = offsets[offsets.length - 1];
        List<Instant> times = new ArrayList<>(turns.size());
        for (long offset : offsets) {
            times.add(end.minusSeconds(total - offset));
        }
        return times;
    }

    private static List<JsonNode> dialogues() {
        ObjectMapper mapper = EventJson.mapper();
        try (InputStream in = DemoData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the demo dialogues " + RESOURCE + " are missing from the launcher");
            }
            List<JsonNode> dialogues = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    dialogues.add(mapper.readTree(line));
                }
            }
            return dialogues;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
