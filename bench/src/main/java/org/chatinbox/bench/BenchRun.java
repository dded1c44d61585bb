package org.chatinbox.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.chatinbox.bench.data.Dialogues;
import org.chatinbox.bench.report.Figure;
import org.chatinbox.bench.report.Machine;
import org.chatinbox.bench.report.Report;
import org.chatinbox.bench.stack.Footprint;
import org.chatinbox.bench.stack.Idle;
import org.chatinbox.bench.stack.Profiles;
import org.chatinbox.bench.stack.StackProcesses;
import org.chatinbox.bench.stage.FreshnessStage;
import org.chatinbox.bench.stage.HandoffStage;
import org.chatinbox.bench.stage.IngestStage;
import org.chatinbox.bench.stage.OutboundStage;
import org.chatinbox.bench.stage.PipelineStage;
import org.chatinbox.bench.stage.QueriesStage;
import org.chatinbox.bench.stage.Settings;
import org.chatinbox.bench.stage.Stage;
import org.chatinbox.bench.stage.SummaryStage;

/**
 * {@code bench/run}: one benchmark of the running local stack. Each stage runs on an idle stack, its figures beside their
 * baselines; the footprint of every process is sampled throughout; the report lands in {@code bench/results/<date>-<commit>/}
 * and a summary table is printed at the end.
 */
public final class BenchRun {

    private BenchRun() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".").toAbsolutePath().normalize();
        boolean full = false;
        List<String> only = new ArrayList<>();
        String gateway = "http://127.0.0.1:8080";
        String ingest = "http://127.0.0.1:8081";
        Integer rate = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> full = false;
                case "--full" -> full = true;
                case "--only" -> only.addAll(List.of(args[++i].split(",")));
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--gateway" -> gateway = args[++i];
                case "--ingest" -> ingest = args[++i];
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: bench/run [--quick | --full] [--only ingest,freshness] [--rate N] "
                            + "[--gateway URL] [--ingest URL]");
                    System.exit(2);
                }
            }
        }
        Path inboxDir = Path.of(System.getenv().getOrDefault("INBOX_DIR", root.resolve(".inbox").toString()));
        requireStack(gateway);
        StackProcesses processes = new StackProcesses(inboxDir);
        String run = Long.toString(System.currentTimeMillis(), 36);
        Dialogues dialogues = new Dialogues(root.resolve("bench/data/star-dialogues-1000.jsonl"), run);
        Settings settings = new Settings(root, inboxDir, gateway, ingest, full, full ? 20 : 3, full ? 120 : 30,
                full ? 3 : 1,
                rate != null ? rate : 50, processes, dialogues);

        List<Stage> stages = new ArrayList<>(List.of(new FreshnessStage(), new QueriesStage(), new PipelineStage(),
                new HandoffStage(), new SummaryStage(), new OutboundStage(), new IngestStage()));
        if (!only.isEmpty()) {
            stages.removeIf(s -> !only.contains(s.name()));
        }
        Path dir = root.resolve("bench/results/" + LocalDate.now() + "-" + Machine.commit(root) + (full ? "" : "-quick"));
        Report report = new Report(dir);
        Map<String, String> described = new LinkedHashMap<>();
        described.put("mode", full ? "--full" : "--quick");
        described.put("stages", String.join(", ", stages.stream().map(Stage::name).toList()));
        described.put("data",
                dialogues.size() + " STAR dialogues (bench/data), cycled under new ids over 3 bots and 4 channels");
        described.put("steady rate", settings.rate() + " single messages/s");
        report.head("chat-inbox benchmark, " + LocalDate.now(), Machine.describe(root, inboxDir), described);

        // freshness first, on the idle stack; ingest's backlog (its consumers stopped meanwhile) drains at the end
        Duration drain = full ? Duration.ofMinutes(10) : Duration.ofMinutes(3);
        try (Footprint footprint = new Footprint(processes)) {
            for (Stage stage : stages) {
                double waited = Idle.await(processes, drain);
                System.out.printf("%s (stack idle after %.0f s) ...%n", stage.name(), waited);
                // the live path is profiled: where the CPU goes while messages arrive one by one
                Profiles profiles = new Profiles(processes, dir);
                if (stage instanceof FreshnessStage) {
                    profiles.start();
                }
                Stage.Result result;
                try {
                    result = stage.run(settings);
                } catch (Exception e) {
                    // one stage failing still leaves the others' figures: the report says what went wrong
                    System.out.println("  failed: " + e);
                    result = Stage.Result.empty();
                    result.notes().add("**This stage failed:** `" + e + "`");
                }
                List<Profiles.HotSpot> spots = stage instanceof FreshnessStage ? profiles.stop() : List.of();
                for (Figure f : result.figures()) {
                    System.out.printf("  %-60s %,12.1f %s%n", f.name(), f.value(), f.unit());
                }
                report.stage(stage.name(), result.figures(), result.lines(), result.notes());
                if (!spots.isEmpty()) {
                    report.hotSpots(stage.name(), spots);
                }
            }
            // a full run waits for the last backlog so that the footprint holds its cost; a quick one leaves it draining
            double drained = full ? Idle.await(processes, drain) : Idle.await(processes, Duration.ofSeconds(20));
            footprint.close();
            report.footprint(footprint.cpuSeconds(), footprint.peakRssBytes(), footprint.idleShare(),
                    footprint.cpuSeries(), footprint.memorySeries());
            report.note("After the last stage", "The stack " + (drained < 0
                    ? "was still busy after " + drain.toSeconds() + " s."
                    : String.format("drained in %.0f s.", drained)));
        }
        String summary = report.write();
        System.out.println();
        System.out.println(summary);
        System.out.println("report: " + report.dir().resolve("report.md"));
    }

    /** A friendly refusal rather than a stack trace when nothing runs. */
    private static void requireStack(String gateway) {
        try {
            HttpResponse<Void> ready = Settings.http().send(
                    HttpRequest.newBuilder(URI.create(gateway + "/q/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (ready.statusCode() == 200) {
                return;
            }
        } catch (Exception e) {
            // below
        }
        System.err.println("the local stack does not answer at " + gateway + ": start it with deploy/local/inbox up");
        System.exit(1);
    }
}
