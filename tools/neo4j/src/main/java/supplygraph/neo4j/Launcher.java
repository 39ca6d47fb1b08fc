package supplygraph.neo4j;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Embedded Neo4j Community launcher for local development and tests.
 *
 * <p>Starts a DBMS whose home is the given data directory, with only the Bolt
 * connector enabled, bound to 127.0.0.1:PORT, authentication disabled and HTTP/HTTPS
 * disabled. Once the default database answers {@code RETURN 1} it writes a ready marker
 * file; a JVM shutdown hook removes the marker and shuts the DBMS down cleanly.
 *
 * <p>Usage: {@code Launcher [--data-dir DIR] [--port N] [--pagecache SIZE]
 * [--tx-memory SIZE] [--tx-memory-max SIZE] [--ready-file PATH] [--log-file PATH]}.
 * Every option falls back to an environment variable (NEO4J_DATA_DIR, NEO4J_BOLT_PORT,
 * NEO4J_PAGECACHE, NEO4J_TX_MEMORY, NEO4J_TX_MEMORY_MAX) and then to a default. Sizes use
 * Neo4j's byte syntax (512m, 1g, 1500k, ...); "0" for the two transaction settings means
 * "no limit".
 *
 * <p>Files, all inside the data directory unless overridden: {@code neo4j.ready} (ready
 * marker: bolt URI, pid, start time), {@code neo4j.log} (this launcher's and Neo4j's user
 * log), {@code logs/debug.log} (Neo4j's debug log), {@code data/} (the store).
 */
public final class Launcher {

    static final String DEFAULT_PAGECACHE = "1g";
    static final String READY_FILE = "neo4j.ready";
    static final String LOG_FILE = "neo4j.log";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Options opts;
        try {
            opts = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("neo4j launcher: " + e.getMessage());
            System.err.println(
                    "usage: Launcher [--data-dir DIR] [--port N] [--pagecache SIZE] [--tx-memory SIZE]"
                            + " [--tx-memory-max SIZE] [--ready-file PATH] [--log-file PATH]");
            System.exit(2);
            return;
        }

        Files.createDirectories(opts.dataDir);
        // A marker left behind by a killed instance must never be mistaken for readiness.
        Files.deleteIfExists(opts.readyFile);

        OutputStream logOut = new FileOutputStream(opts.logFile.toFile(), true);
        PrintStream log = new PrintStream(logOut, true, StandardCharsets.UTF_8);
        Log4jLogProvider userLog = new Log4jLogProvider(logOut, Level.INFO);

        long maxHeap = Runtime.getRuntime().maxMemory();
        log.printf(
                Locale.ROOT,
                "%s launcher: starting Neo4j (pid %d) home=%s bolt=127.0.0.1:%d pagecache=%s"
                        + " tx.total.max=%s tx.max=%s heap.max=%dm java=%s%n",
                Instant.now(),
                ProcessHandle.current().pid(),
                opts.dataDir,
                opts.port,
                opts.pagecache,
                opts.txMemory,
                opts.txMemoryMax,
                maxHeap / (1024 * 1024),
                System.getProperty("java.version"));

        long started = System.nanoTime();
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(opts.dataDir)
                    .setUserLogProvider(userLog)
                    // Bolt only, loopback only, plain text (local dev/test use).
                    .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress("127.0.0.1"))
                    .setConfig(GraphDatabaseSettings.default_advertised_address, new SocketAddress("127.0.0.1"))
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", opts.port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", opts.port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    // The server-side routing connector would listen on a fixed port (7688)
                    // and collide between side-by-side instances; a single Community
                    // instance does not need it (neo4j:// clients still get a routing table).
                    .setConfig(GraphDatabaseSettings.routing_enabled, false)
                    // Any client credentials are accepted.
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Faster clean shutdown: the Bolt server is torn down only after every
                    // database has been checkpointed and closed, and the 5 s defaults for its
                    // Netty event loops made each stop take 5-10 s. With 1 s Neo4j logs a
                    // harmless "Termination of ... event loop group has exceeded maximum
                    // permitted duration" warning in logs/debug.log.
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    // A request's bookmarks that this server has not reached (a forged
                    // transaction id, or a write to another server) wait at most 5 s, then
                    // answer UNAVAILABLE; the 30 s default is serve's whole request time.
                    .setConfig(GraphDatabaseSettings.bookmark_ready_timeout, Duration.ofSeconds(5))
                    // db.transaction.timeout is deliberately left unset (0 = no server-side
                    // timeout): clients set their own per transaction.
                    .setConfig(GraphDatabaseSettings.pagecache_memory, opts.pagecacheBytes())
                    .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, opts.txMemoryBytes())
                    .setConfig(GraphDatabaseSettings.memory_transaction_max_size, opts.txMemoryMaxBytes())
                    // dbms.security.procedures.* are deliberately left at their defaults.
                    .build();
        } catch (RuntimeException e) {
            log.printf(Locale.ROOT, "%s launcher: FAILED to start Neo4j%n", Instant.now());
            e.printStackTrace(log);
            userLog.close();
            System.exit(1);
            return;
        }

        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            try {
                // Not ready any more from the very first moment of the shutdown.
                Files.deleteIfExists(opts.readyFile);
            } catch (IOException e) {
                e.printStackTrace(log);
            }
            log.printf(Locale.ROOT, "%s launcher: shutting down Neo4j%n", Instant.now());
            try {
                dbms.shutdown();
                log.printf(Locale.ROOT, "%s launcher: Neo4j stopped cleanly%n", Instant.now());
            } catch (Throwable t) {
                log.printf(Locale.ROOT, "%s launcher: error during shutdown%n", Instant.now());
                t.printStackTrace(log);
            } finally {
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        try {
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            Object one = db.executeTransactionally("RETURN 1 AS one", java.util.Map.of(), result -> result.next().get("one"));
            if (!Long.valueOf(1L).equals(one)) {
                throw new IllegalStateException("RETURN 1 returned " + one);
            }
        } catch (RuntimeException e) {
            log.printf(Locale.ROOT, "%s launcher: smoke query failed%n", Instant.now());
            e.printStackTrace(log);
            System.exit(1); // runs the shutdown hook
            return;
        }

        String uri = "bolt://127.0.0.1:" + opts.port;
        writeReadyMarker(opts.readyFile, uri);
        log.printf(
                Locale.ROOT,
                "%s launcher: READY %s (startup took %d ms)%n",
                Instant.now(),
                uri,
                (System.nanoTime() - started) / 1_000_000);

        // Park the main thread; the process lives until it is signalled.
        stopped.await();
    }

    private static void writeReadyMarker(Path readyFile, String uri) throws IOException {
        String content = "uri=" + uri + "\n"
                + "pid=" + ProcessHandle.current().pid() + "\n"
                + "started=" + Instant.now() + "\n";
        Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, readyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static final class Options {
        Path dataDir;
        int port;
        String pagecache;
        String txMemory;
        String txMemoryMax;
        Path readyFile;
        Path logFile;

        static Options parse(String[] args) {
            Options o = new Options();
            String dataDir = env("NEO4J_DATA_DIR", null);
            String port = env("NEO4J_BOLT_PORT", "7687");
            o.pagecache = env("NEO4J_PAGECACHE", DEFAULT_PAGECACHE);
            o.txMemory = env("NEO4J_TX_MEMORY", null);
            o.txMemoryMax = env("NEO4J_TX_MEMORY_MAX", "0");
            String readyFile = null;
            String logFile = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    v = a.substring(eq + 1);
                    a = a.substring(0, eq);
                } else if (a.startsWith("--") && i + 1 < args.length) {
                    v = args[++i];
                } else {
                    throw new IllegalArgumentException("unexpected argument: " + a);
                }
                switch (a) {
                    case "--data-dir" -> dataDir = v;
                    case "--port" -> port = v;
                    case "--pagecache" -> o.pagecache = v;
                    case "--tx-memory" -> o.txMemory = v;
                    case "--tx-memory-max" -> o.txMemoryMax = v;
                    case "--ready-file" -> readyFile = v;
                    case "--log-file" -> logFile = v;
                    default -> throw new IllegalArgumentException("unknown option: " + a);
                }
            }
            if (dataDir == null || dataDir.isBlank()) {
                throw new IllegalArgumentException("no data directory (--data-dir or NEO4J_DATA_DIR)");
            }
            o.dataDir = Path.of(dataDir).toAbsolutePath().normalize();
            try {
                o.port = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port: " + port);
            }
            if (o.port < 1 || o.port > 65535) {
                throw new IllegalArgumentException("bad port: " + port);
            }
            if (o.txMemory == null || o.txMemory.isBlank()) {
                // Default: half of the JVM heap, which leaves room for caches and Bolt.
                o.txMemory = (Runtime.getRuntime().maxMemory() / 2 / (1024 * 1024)) + "m";
            }
            o.readyFile = readyFile != null ? Path.of(readyFile).toAbsolutePath() : o.dataDir.resolve(READY_FILE);
            o.logFile = logFile != null ? Path.of(logFile).toAbsolutePath() : o.dataDir.resolve(LOG_FILE);
            // Validate sizes eagerly so a typo fails fast with a clear message.
            o.pagecacheBytes();
            o.txMemoryBytes();
            o.txMemoryMaxBytes();
            return o;
        }

        long pagecacheBytes() {
            return bytes("pagecache", pagecache);
        }

        long txMemoryBytes() {
            return bytes("tx-memory", txMemory);
        }

        long txMemoryMaxBytes() {
            return bytes("tx-memory-max", txMemoryMax);
        }

        private static long bytes(String what, String value) {
            try {
                long b = ByteUnit.parse(value.trim());
                if (b < 0) {
                    throw new IllegalArgumentException(what + " must not be negative: " + value);
                }
                return b;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad " + what + " size '" + value + "' (use e.g. 512m, 1g)");
            }
        }

        private static String env(String name, String def) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? def : v;
        }
    }
}
