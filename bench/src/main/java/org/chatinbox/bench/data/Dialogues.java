package org.chatinbox.bench.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Real dialogues (STAR, bench/data) as the bench's traffic: cycled without end, each pass with new conversation and message
 * ids, spread over bots, channels and visitors' browsers, the visitor's turns as visitor messages and the bot's as bot
 * messages. All in workspace {@code bench} of the local profile, so measuring never fills the demo inbox.
 */
public final class Dialogues {

    static final String WORKSPACE = "bench";
    static final List<String> BOTS = List.of("support-bot", "sales-bot", "faq-bot");
    static final List<String> CHANNELS = List.of("web", "telegram", "messenger", "whatsapp");
    static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One turn of a dialogue: the visitor's or the bot's. */
    public record Turn(boolean visitor, String text) {
    }

    /** A conversation of this run: a dialogue under new ids. */
    public record Conversation(String id, String bot, String channel, String visitor, String userAgent, List<Turn> turns) {
    }

    private final List<List<Turn>> dialogues;
    private final String run;
    private final AtomicLong next = new AtomicLong();

    public Dialogues(Path file, String run) {
        this.dialogues = read(file);
        this.run = run;
    }

    /** What every conversation id of this run starts with. */
    public String prefix() {
        return "bench-" + run + "-";
    }

    public int size() {
        return dialogues.size();
    }

    /** The next conversation: dialogue n modulo their count, under ids no earlier conversation of any run had. */
    public Conversation next() {
        long n = next.getAndIncrement();
        List<Turn> turns = dialogues.get((int) (n % dialogues.size()));
        return new Conversation(prefix() + n, BOTS.get((int) (n % BOTS.size())),
                CHANNELS.get((int) (n / BOTS.size() % CHANNELS.size())), "v-" + run + "-" + n,
                USER_AGENTS.get((int) (n % USER_AGENTS.size())), turns);
    }

    /**
     * Every dialogue once, under a bot of its own ({@link #hitBot()}): the set in which a visitor's sentence must find its own
     * conversation, apart from the cycled copies that repeat the same sentences.
     */
    public List<Conversation> hitSet() {
        List<Conversation> set = new ArrayList<>();
        for (int i = 0; i < dialogues.size(); i++) {
            set.add(new Conversation(prefix() + "hit-" + i, hitBot(), CHANNELS.get(i % CHANNELS.size()),
                    "v-" + run + "-hit-" + i,
                    USER_AGENTS.get(i % USER_AGENTS.size()), dialogues.get(i)));
        }
        return set;
    }

    public String hitBot() {
        return "hit-" + run;
    }

    /** A message of a conversation as its channel sends it to ingest: one CloudEvent's JSON; {@code suffix} ends its text. */
    public static String event(Conversation conversation, int turn, Instant time, String suffix) {
        Turn t = conversation.turns().get(turn);
        ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", randomId())
                .put("source", "/channels/" + conversation.channel()).put("type", "inbox.message.created")
                .put("time", time.toString());
        ObjectNode data = event.putObject("data").put("workspaceId", WORKSPACE).put("botId", conversation.bot())
                .put("channel", conversation.channel()).put("conversationId", conversation.id())
                .put("messageId", "m-" + turn).put("text", t.text() + suffix);
        ObjectNode sender = data.putObject("sender").put("role", t.visitor() ? "visitor" : "bot");
        sender.put("id", t.visitor() ? conversation.visitor() : conversation.bot());
        if (t.visitor() && turn == 0 && conversation.channel().equals("web")) {
            data.putObject("session").put("userAgent", conversation.userAgent()).put("locale", "en-GB");
        }
        return event.toString();
    }

    /** A random id without UUID.randomUUID()'s shared SecureRandom, which many sending threads would queue on. */
    public static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static List<List<Turn>> read(Path file) {
        try {
            List<List<Turn>> dialogues = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                List<Turn> turns = new ArrayList<>();
                for (JsonNode turn : JSON.readTree(line).path("turns")) {
                    String text = turn.path("text").asText("").strip();
                    if (!text.isEmpty()) {
                        turns.add(new Turn("user".equals(turn.path("speaker").asText()), text));
                    }
                }
                if (!turns.isEmpty()) {
                    dialogues.add(turns);
                }
            }
            return dialogues;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dialogues of " + file, e);
        }
    }
}
