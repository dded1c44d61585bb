package org.chatinbox.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What a run ran on: the machine, the JDK, the commit and the servers' versions, for the report's head. */
public final class Machine {

    private Machine() {
    }

    public static Map<String, String> describe(Path root, Path inboxDir) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("commit", git(root, "rev-parse", "--short", "HEAD") + (git(root, "status", "--porcelain").isBlank()
                ? ""
                : " (with uncommitted changes)"));
        facts.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        facts.put("memory", memory());
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        facts.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        facts.put("kafka", kafka(root));
        facts.put("elasticsearch", elasticsearch(inboxDir));
        facts.put("postgresql", postgres(inboxDir));
        return facts;
    }

    public static String commit(Path root) {
        return git(root, "rev-parse", "--short", "HEAD");
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memory() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0) + " GiB").orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String kafka(Path root) {
        try (Stream<Path> jars = Files.list(root.resolve("local-stack/distributions/target/stack-dist/kafka"))) {
            return jars.map(p -> p.getFileName().toString()).filter(n -> n.matches("kafka-clients-.*\\.jar")).findFirst()
                    .map(n -> n.replace("kafka-clients-", "").replace(".jar", "")).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The version of the stack's Elasticsearch, from the folder it was unpacked to. */
    private static String elasticsearch(Path inboxDir) {
        try (Stream<Path> dirs = Files.list(inboxDir.resolve("elasticsearch"))) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("elasticsearch-")).findFirst()
                    .map(n -> n.substring("elasticsearch-".length())).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The major version of the stack's PostgreSQL, from its data folder. */
    private static String postgres(Path inboxDir) {
        try {
            return Files.readString(inboxDir.resolve("postgres/data/PG_VERSION")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String git(Path root, String... args) {
        try {
            String[] command = new String[args.length + 1];
            command[0] = "git";
            System.arraycopy(args, 0, command, 1, args.length);
            Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
