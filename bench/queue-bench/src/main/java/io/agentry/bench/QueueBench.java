package io.agentry.bench;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.config.ConfigLoader;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.NewJob;
import io.agentry.core.jobs.RetryPolicy;
import io.agentry.core.jobs.pg.PgJobStore;
import io.agentry.core.persistence.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures Agentry's job queue exactly the way {@code bench/peers} measures graphile-worker,
 * pg-boss and BullMQ, and prints the harness's per-repetition JSON (see bench/README.md):
 *
 * <ol>
 *   <li>throughput: N no-op jobs enqueued up front ({@link JobStore#enqueueAll}, 1,000 per call),
 *       then a node process is started; clock from just before the start until no job is
 *       unfinished. Also a second figure with a node that is already up ("warm").
 *   <li>latency: an idle node, single {@link JobStore#enqueue} calls at a fixed rate, handler-start
 *       minus the producer's {@link System#nanoTime} (CLOCK_MONOTONIC, comparable across
 *       processes).
 *   <li>crash: a 30 s job, kill -9 of the node 0.5 s after the job started, a fresh node at once;
 *       time from the kill until the job runs again.
 * </ol>
 *
 * <p>It touches only the database {@code agentry_bench} (or another name starting with that).
 */
public final class QueueBench {

  static final String ROLE = "bench";
  static final int CHUNK = 1000;
  /** The longest pause between two polls of a draining queue. */
  private static final long MAX_POLL_PAUSE_MS = 250;
  static final String APP_NAME = "agentry-queue-bench";

  /** Default "aggressive" crash settings: the shortest timings that are still sane. */
  static final String DEFAULT_AGGRESSIVE_ENV =
      "AGENTRY_QUEUE_LEASE_TTL_SECONDS=2,AGENTRY_QUEUE_HEARTBEAT_INTERVAL_MS=500,"
          + "AGENTRY_QUEUE_REAPER_INTERVAL_MS=250,AGENTRY_QUEUE_LEADER_LEASE_SECONDS=2,"
          + "AGENTRY_QUEUE_LEADER_RENEW_MS=500";

  private final Options opts;
  private final Map<String, String> nodeEnv;
  private Vertx vertx;
  private Pool pool;
  private JobStore store;
  private int nodeSeq;
  private Path nodeJarCopy;
  private Path nodeJarToRun;
  private final List<String> foreignClients = new ArrayList<>();
  private PgConnection lockConnection;

  private QueueBench(Options opts) {
    this.opts = opts;
    this.nodeEnv = new LinkedHashMap<>();
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    // Flyway logs through java.util.logging here; keep only its warnings.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
      h.setLevel(java.util.logging.Level.WARNING);
    }
    Options opts;
    try {
      opts = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("queue-bench: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    JsonObject out = new QueueBench(opts).run();
    String json = out.encodePrettily() + "\n";
    if (opts.out != null) {
      Path p = Path.of(opts.out);
      if (p.getParent() != null) {
        Files.createDirectories(p.getParent());
      }
      Files.writeString(p, json, StandardCharsets.UTF_8);
    } else {
      System.out.print(json);
      System.out.flush();
    }
    System.exit(out.containsKey("error") ? 1 : 0);
  }

  // ------------------------------------------------------------------------------- the run

  private JsonObject run() {
    JsonObject out = new JsonObject().put("peer", "agentry");
    out.put("versions", new JsonObject());
    out.put("settings", settings());
    out.put("throughput", (Object) null);
    out.put("throughput_warm", (Object) null);
    out.put("latency", new JsonArray());
    out.put("crash", new JsonArray());
    try {
      setUp(out.getJsonObject("versions"));
      if (opts.tests.contains("throughput")) {
        out.put("throughput", throughputCold());
        out.put("throughput_warm", throughputWarm());
      }
      if (opts.tests.contains("latency")) {
        out.getJsonArray("latency").add(latency());
      }
      if (opts.tests.contains("crash")) {
        for (String variant : opts.crashVariants) {
          out.getJsonArray("crash").add(crash(variant));
        }
      }
      if (!foreignClients.isEmpty()) {
        out.put("foreign_clients", new JsonArray(new ArrayList<Object>(foreignClients)));
      }
    } catch (Throwable e) {
      java.io.StringWriter sw = new java.io.StringWriter();
      e.printStackTrace(new java.io.PrintWriter(sw));
      out.put("error", sw.toString());
      log("ERROR: " + sw);
    } finally {
      try {
        if (pool != null) {
          if (lockConnection != null && otherClients() == null) {
            await(pool.query("TRUNCATE jobs, job_errors").execute()); // leave no jobs behind
          }
          await(pool.close());
        }
        if (lockConnection != null) {
          await(lockConnection.close()); // releases the advisory lock
        }
      } catch (Throwable e) {
        log("cleanup error: " + e.getMessage());
      }
      if (vertx != null) {
        vertx.close();
      }
      if (nodeJarCopy != null) {
        try {
          Files.deleteIfExists(nodeJarCopy);
        } catch (IOException e) {
          log("could not delete " + nodeJarCopy);
        }
      }
    }
    return out;
  }

  private JsonObject settings() {
    JsonObject node =
        new JsonObject()
            .put("roles", "director,worker")
            .put("pools", "bench=" + opts.capacity)
            .put("process", "one node JVM (java -jar agentry.jar), standalone (no --cluster)")
            .put("jvm_flags", String.join(" ", jvmFlags()));
    JsonObject s = new JsonObject();
    s.put(
        "throughput",
        new JsonObject()
            .put("node", node)
            .put("enqueue", "JobStore.enqueueAll, " + CHUNK + " jobs per call (one round trip)")
            .put(
                "clock",
                "from the node's main() (as the harness's from inside the worker process);"
                    + " *_incl_jvm_boot: from just before the process is started")
            .put("processes", 1));
    s.put(
        "throughput-warm",
        new JsonObject()
            .put("node", node)
            .put(
                "enqueue",
                "JobStore.enqueueAll with runAt = now + 1 h, then one UPDATE jobs SET run_at ="
                    + " now() + pg_notify('agentry_jobs', 'bench')")
            .put("clock", "from the commit of that UPDATE (node already up and idle)"));
    s.put(
        "latency",
        new JsonObject()
            .put("node", node)
            .put("enqueue", "JobStore.enqueue, one job per call (kind 'latency')"));
    s.put(
        "crash-default",
        new JsonObject()
            .put("node", node)
            .put("env", new JsonObject())
            .put(
                "note",
                "queue defaults of agentry-defaults.json (lease TTL, reaper, leader lease)"));
    s.put(
        "crash-aggressive",
        new JsonObject()
            .put("node", node)
            .put("env", new JsonObject(new LinkedHashMap<>(opts.aggressiveEnv)))
            .put(
                "note",
                "shorter lease TTL / heartbeat / reaper / leader lease; a killed node's jobs are"
                    + " re-queued by lease expiry (standalone node: no cluster member-removed"
                    + " signal, the director died with the worker)"));
    s.put(
        "crash-cluster",
        new JsonObject()
            .put("director_node", "java -jar agentry.jar --roles director --cluster (survives)")
            .put(
                "worker_node",
                "java -jar agentry.jar --roles worker --cluster (killed, then a fresh one)")
            .put("env", new JsonObject(new LinkedHashMap<>(clusterEnv())))
            .put(
                "note",
                "queue defaults; the surviving director sees the killed member leave the Hazelcast"
                    + " cluster and re-queues its leases at once (opt-in: CRASH_VARIANTS=...,cluster)"));
    return s;
  }

  private void setUp(JsonObject versions) throws Exception {
    if (!opts.database.matches("agentry_bench[a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "refusing database " + opts.database + ": must start with agentry_bench");
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("AGENTRY_POSTGRES_DATABASE", opts.database);
    AgentryConfig config = ConfigLoader.load(null, env);
    vertx = Vertx.vertx();
    ensureDatabase(config.postgres());
    Migrations.migrate(config.postgres());
    lockDatabase(config.postgres());
    pool = pool(config.postgres());
    store =
        PgJobStore.create(
            pool, RetryPolicy.exponential(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)));
    versions.put("agentry", agentryVersion());
    versions.put("java_node", System.getProperty("java.runtime.version"));
    versions.put(
        "postgres_server",
        await(pool.query("SHOW server_version").execute()).iterator().next().getString(0));

    nodeEnv.put("AGENTRY_POSTGRES_DATABASE", opts.database);
    nodeEnv.put("AGENTRY_WORKER_POOLS", ROLE + "=" + opts.capacity);
    nodeEnv.put("AGENTRY_HTTP_PORT", "0");
    if (System.getenv("AGENTRY_CHROMA_REQUIRED") == null) {
      nodeEnv.put("AGENTRY_CHROMA_REQUIRED", "false"); // the queue does not need Chroma
    }
    nodeEnv.put("OPT_OUT_TRACKING", "true");
    nodeEnv.put("DJL_OFFLINE", "true");
    Path jar = Path.of(opts.nodeJar);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no node jar at " + opts.nodeJar + " (build it with bin/agentry build)");
    }
    Files.createDirectories(Path.of(opts.logDir));
    if ("1".equals(System.getenv("AGENTRY_NODE_JAR_PRIVATE"))) {
      // bench/run.sh's snapshot, whose start-up cache is valid for this path only: run it in place.
      nodeJarToRun = jar;
    } else {
      // Run a private copy: a rebuild of node/target during the run must not change or remove it.
      nodeJarCopy = Files.createTempFile(Path.of(opts.logDir), "agentry-node-", ".jar");
      Files.copy(jar, nodeJarCopy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      nodeJarToRun = nodeJarCopy;
    }
    versions.put("node_jar", jar.toAbsolutePath().toString());
    versions.put("node_jar_modified", Files.getLastModifiedTime(jar).toString());
  }

  private String agentryVersion() {
    String v = QueueBench.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }

  private void ensureDatabase(AgentryConfig.PostgresSettings pg) throws Exception {
    PgConnectOptions admin =
        new PgConnectOptions()
            .setHost(pg.host())
            .setPort(pg.port())
            .setDatabase("postgres")
            .setUser(pg.user())
            .setPassword(pg.password());
    PgConnection conn = await(PgConnection.connect(vertx, admin));
    try {
      if (!opts.database.startsWith("agentry_bench")) {
        throw new IllegalArgumentException(
            "refusing to re-create database "
                + opts.database
                + ": names must start with agentry_bench");
      }
      // Like the harness does for every peer: a fresh database per run, so that no run measures
      // the bloat or statistics that earlier runs left behind. DROP fails while another run is
      // connected, which is the protection against wiping someone else's jobs.
      log("re-creating database " + opts.database);
      await(conn.query("DROP DATABASE IF EXISTS " + opts.database).execute());
      await(conn.query("CREATE DATABASE " + opts.database).execute());
    } finally {
      await(conn.close());
    }
  }

  /**
   * One benchmark at a time per database: a session advisory lock, held on its own connection until
   * this program exits. A second run (from another shell, say) waits here, up to 30 min, instead of
   * emptying the queue under the first one's feet.
   */
  private void lockDatabase(AgentryConfig.PostgresSettings pg) throws Exception {
    PgConnectOptions connect =
        new PgConnectOptions()
            .setHost(pg.host())
            .setPort(pg.port())
            .setDatabase(pg.database())
            .setUser(pg.user())
            .setPassword(pg.password())
            .addProperty("application_name", APP_NAME);
    lockConnection = await(PgConnection.connect(vertx, connect));
    String key = "hashtext('" + APP_NAME + "')";
    boolean got =
        await(lockConnection.query("SELECT pg_try_advisory_lock(" + key + ")").execute())
            .iterator()
            .next()
            .getBoolean(0);
    if (!got) {
      log("another queue-bench run is using " + pg.database() + "; waiting for it (up to 30 min)");
      await(lockConnection.query("SET lock_timeout = '30min'").execute());
      await(lockConnection.query("SELECT pg_advisory_lock(" + key + ")").execute(), 1900);
      log("got " + pg.database());
    }
  }

  /** Like {@code PgPools.create}, but the connections carry our application_name. */
  private Pool pool(AgentryConfig.PostgresSettings pg) {
    PgConnectOptions connect =
        new PgConnectOptions()
            .setHost(pg.host())
            .setPort(pg.port())
            .setDatabase(pg.database())
            .setUser(pg.user())
            .setPassword(pg.password())
            .setCachePreparedStatements(true)
            .addProperty("application_name", APP_NAME);
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(pg.poolSize()))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /**
   * Empties the queue; the leader lease goes too, so every test starts like a fresh cluster. Waits
   * first (up to 5 min) until nobody else is connected to the benchmark database: between tests no
   * node of ours runs, so any other client (a node someone else started on agentry_bench, say)
   * would take jobs or load the database during the measurement.
   */
  private void reset() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    String others = otherClients();
    for (int i = 0; i < 15 && others != null; i++) {
      Thread.sleep(200); // our own nodes' connections, closing after a stop or kill
      others = otherClients();
    }
    if (others != null) {
      log("WARNING: other clients on " + opts.database + ": " + others + "; waiting up to 5 min");
      while (others != null && System.nanoTime() < deadline) {
        Thread.sleep(1000);
        others = otherClients();
      }
      if (others != null) {
        foreignClients.add(others);
        throw new IllegalStateException(
            "other clients are still connected to "
                + opts.database
                + " ("
                + others
                + "); not emptying a queue someone else is using. Stop them and run again.");
      }
    }
    await(pool.query("TRUNCATE jobs, job_errors").execute());
    await(pool.query("DELETE FROM leader_leases").execute());
  }

  /** Clients of the benchmark database other than this program, or null when there are none. */
  private String otherClients() throws Exception {
    Row r =
        await(
                pool.preparedQuery(
                        "SELECT count(*) AS n, string_agg(DISTINCT coalesce(nullif(application_name,"
                            + " ''), '?') || ' pid ' || pid, ', ') AS who FROM pg_stat_activity"
                            + " WHERE datname = current_database() AND backend_type = 'client"
                            + " backend' AND application_name IS DISTINCT FROM $1")
                    .execute(Tuple.of(APP_NAME)))
            .iterator()
            .next();
    return r.getLong("n") == 0 ? null : r.getString("who");
  }

  // ---------------------------------------------------------------------------- throughput

  private JsonObject throughputCold() throws Exception {
    int n = opts.n;
    reset();
    long e0 = System.nanoTime();
    enqueueBulk(n, null);
    long e1 = System.nanoTime();
    long queued = count("SELECT count(*) FROM jobs WHERE state = 'queued'");
    if (queued != n) {
      throw new IllegalStateException(
          "expected "
              + n
              + " queued jobs, found "
              + queued
              + " (another process working on "
              + opts.database
              + "? "
              + otherClients()
              + ")");
    }
    Instant wallStart = Instant.now();
    long t0 = System.nanoTime();
    JsonObject res = new JsonObject();
    try (NodeProcess node = startNode("throughput", Map.of())) {
      Long tDone = waitUntilDrained(t0, opts.throughputCapS);
      long ready = node.readyAtNanos();
      // The harness starts a peer's clock inside its worker process, before it starts its worker
      // (after the runtime booted and loaded the driver's modules): for us, the node's main().
      long tMain = node.mainEnteredAtNanos() == 0 ? t0 : node.mainEnteredAtNanos();
      res.put("n", n)
          .put("enqueue_s", round(secs(e1 - e0), 3))
          .put("enqueue_jobs_per_s", Math.round(n / secs(e1 - e0)))
          .put("completed", tDone != null)
          .put("remaining_at_end", unfinished());
      if (tDone != null) {
        res.put("duration_s", round(secs(tDone - tMain), 3))
            .put("jobs_per_s", Math.round(n / secs(tDone - tMain)))
            .put("duration_incl_jvm_boot_s", round(secs(tDone - t0), 3))
            .put("jobs_per_s_incl_jvm_boot", Math.round(n / secs(tDone - t0)));
      }
      res.put("jvm_boot_s", round(secs(tMain - t0), 3));
      res.put("worker_startup_s", ready == 0 ? null : round(secs(ready - t0), 3));
      phases(res, wallStart, tDone == null ? null : secs(tDone - t0), n);
      res.put("node_log", node.log().toString());
      node.stop(12_000);
    }
    log(
        String.format(
            "agentry throughput (cold node): %s jobs/s (n=%d, %ss from main(), node ready %ss after"
                + " spawn; %s jobs/s counting the JVM's boot of %ss; enqueue %s jobs/s)",
            res.getValue("jobs_per_s", "DNF"),
            n,
            res.getValue("duration_s"),
            res.getValue("worker_startup_s"),
            res.getValue("jobs_per_s_incl_jvm_boot", "DNF"),
            res.getValue("jvm_boot_s"),
            res.getValue("enqueue_jobs_per_s")));
    return res;
  }

  private JsonObject throughputWarm() throws Exception {
    int n = opts.n;
    reset();
    JsonObject res = new JsonObject();
    try (NodeProcess node = startNode("throughput-warm", Map.of())) {
      node.awaitReady(opts.readyTimeoutMs);
      Thread.sleep(opts.idleBeforeMs);
      long e0 = System.nanoTime();
      enqueueBulk(n, Instant.now().plus(Duration.ofHours(1)));
      long e1 = System.nanoTime();
      long held = count("SELECT count(*) FROM jobs WHERE state = 'queued'");
      if (held != n) {
        throw new IllegalStateException("expected " + n + " held jobs, found " + held);
      }
      long u0 = System.nanoTime();
      RowSet<Row> released =
          await(
              pool.query(
                      "WITH u AS (UPDATE jobs SET run_at = now() WHERE state = 'queued' AND role = '"
                          + ROLE
                          + "' RETURNING 1), c AS (SELECT count(*) AS n FROM u)"
                          + " SELECT n, pg_notify('"
                          + PgJobStore.CHANNEL
                          + "', '"
                          + ROLE
                          + "') FROM c")
                  .execute());
      Instant wallStart = Instant.now();
      long t0 = System.nanoTime(); // jobs became visible at the commit of that statement
      long releasedN = released.iterator().next().getLong("n");
      Long tDone = waitUntilDrained(t0, opts.throughputCapS);
      res.put("n", n)
          .put("enqueue_s", round(secs(e1 - e0), 3))
          .put("enqueue_jobs_per_s", Math.round(n / secs(e1 - e0)))
          .put("release_update_s", round(secs(t0 - u0), 3))
          .put("released", releasedN)
          .put("completed", tDone != null)
          .put("remaining_at_end", unfinished());
      if (tDone != null) {
        res.put("duration_s", round(secs(tDone - t0), 3))
            .put("jobs_per_s", Math.round(n / secs(tDone - t0)));
      }
      phases(res, wallStart, tDone == null ? null : secs(tDone - t0), n);
      res.put("node_log", node.log().toString());
      node.stop(12_000);
    }
    log(
        String.format(
            "agentry throughput (warm node): %s jobs/s (n=%d, %ss)",
            res.getValue("jobs_per_s", "DNF"), n, res.getValue("duration_s")));
    return res;
  }

  /**
   * Where the time went, from the jobs' own timestamps (database clock = wall clock here): first
   * job started, last job finished, and the rate between the two (the node's steady state).
   */
  private void phases(JsonObject res, Instant wallStart, Double durationS, int n) throws Exception {
    Row r =
        await(
                pool.query(
                        "SELECT count(*) FILTER (WHERE state = 'succeeded') AS ok,"
                            + " count(*) FILTER (WHERE state NOT IN ('succeeded')) AS other,"
                            + " min(started_at) AS first_start, max(finished_at) AS last_finish,"
                            + " max(attempts) AS max_attempts FROM jobs")
                    .execute())
            .iterator()
            .next();
    res.put("succeeded", r.getLong("ok")).put("not_succeeded", r.getLong("other"));
    res.put("max_attempts_seen", r.getInteger("max_attempts"));
    java.time.OffsetDateTime first = r.getOffsetDateTime("first_start");
    java.time.OffsetDateTime last = r.getOffsetDateTime("last_finish");
    if (first != null && last != null) {
      double firstS = Duration.between(wallStart, first.toInstant()).toNanos() / 1e9;
      double lastS = Duration.between(wallStart, last.toInstant()).toNanos() / 1e9;
      res.put("first_job_started_s", round(firstS, 3));
      res.put("last_job_finished_s", round(lastS, 3));
      if (lastS > firstS) {
        res.put("jobs_per_s_first_start_to_last_finish", Math.round(n / (lastS - firstS)));
      }
    }
  }

  private void enqueueBulk(int n, Instant runAt) throws Exception {
    for (int i = 0; i < n; i += CHUNK) {
      List<NewJob> jobs = new ArrayList<>(CHUNK);
      for (int j = i; j < Math.min(n, i + CHUNK); j++) {
        NewJob.Builder b = NewJob.builder(ROLE, "noop").payload(new JsonObject().put("i", j));
        if (runAt != null) {
          b.runAt(runAt);
        }
        jobs.add(b.build());
      }
      await(store.enqueueAll(jobs));
    }
  }

  /**
   * Polls until no job is unfinished; the nanoTime then, or null at the cap. Like the harness,
   * which polls a peer's store only once its handler has run N times, polling must not load the
   * database during the run: the pause between polls is half the predicted time left (from the
   * rate the cursor moved at so far), between {@code pollMs} and {@link #MAX_POLL_PAUSE_MS}, so a
   * run is polled a few dozen times and its end is still seen within {@code pollMs}.
   */
  private Long waitUntilDrained(long t0, int capS) throws Exception {
    long deadline = t0 + TimeUnit.SECONDS.toNanos(capS);
    long cursor = 0;
    long firstId = -1;
    long lastId = maxJobId();
    while (System.nanoTime() < deadline) {
      Long first = firstUnfinishedFrom(cursor);
      long now = System.nanoTime();
      if (first == null) {
        return now;
      }
      cursor = first;
      if (firstId < 0) {
        firstId = first;
      }
      Thread.sleep(pauseBeforeNextPoll(now - t0, cursor - firstId, lastId - cursor));
    }
    return null;
  }

  private long pauseBeforeNextPoll(long elapsedNanos, long done, long left) {
    if (done <= 0) {
      return opts.pollMs;
    }
    double predictedMs = left * (elapsedNanos / 1e6) / done;
    return Math.max(opts.pollMs, Math.min(MAX_POLL_PAUSE_MS, (long) (predictedMs / 2)));
  }

  private long maxJobId() throws Exception {
    return count("SELECT coalesce(max(id), 0) FROM jobs");
  }

  /**
   * The lowest id at or above {@code cursor} of a job that is not finished (queued, leased,
   * running), or null: same answer as {@code count(*) ... = 0} once the cursor has started at 0,
   * but cheap whatever the queue's own indexes are. It walks the primary key from the cursor and
   * stops at the first unfinished job; since every job before it was finished at the previous poll
   * (finished jobs stay finished), the cursor only moves forward and all polls of a run together
   * read each row about once. Jobs run roughly in id order, so each poll reads a few rows. (A plain
   * EXISTS on state = 'queued' was planned as a sequential scan: ~20 ms per poll at 100,000 rows.)
   */
  private Long firstUnfinishedFrom(long cursor) throws Exception {
    RowSet<Row> rows =
        await(
            pool.preparedQuery(
                    "SELECT id FROM jobs WHERE id >= $1"
                        + " AND state IN ('queued', 'leased', 'running') ORDER BY id LIMIT 1")
                .execute(Tuple.of(cursor)));
    return rows.size() == 0 ? null : rows.iterator().next().getLong("id");
  }

  private long unfinished() throws Exception {
    return count("SELECT count(*) FROM jobs WHERE state IN ('queued', 'leased', 'running')");
  }

  private long count(String sql) throws Exception {
    return await(pool.query(sql).execute()).iterator().next().getLong(0);
  }

  // ------------------------------------------------------------------------------- latency

  private JsonObject latency() throws Exception {
    int m = opts.latJobs;
    int warm = opts.latWarmup;
    int total = m + warm;
    reset();
    JsonObject res = new JsonObject().put("profile", "latency").put("jobs", m);
    try (NodeProcess node = startNode("latency", Map.of())) {
      node.awaitReady(opts.readyTimeoutMs);
      Thread.sleep(opts.idleBeforeMs); // let the node go idle (LISTEN / poll sleep)
      long interval = Math.round(1e9 / opts.latRate);
      long[] calls = new long[m];
      Long[] ids = new Long[m];
      long t0 = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long due = t0 + i * interval;
        long now;
        while ((now = System.nanoTime()) < due) {
          LockSupport.parkNanos(due - now);
        }
        long t = System.nanoTime();
        long id =
            await(
                    store.enqueue(
                        NewJob.builder(ROLE, "latency")
                            .payload(new JsonObject().put("enqueuedAtNanos", t))
                            .build()))
                .jobId();
        long call = System.nanoTime() - t;
        if (i >= warm) {
          calls[i - warm] = call;
          ids[i - warm] = id;
        }
      }
      long t1 = System.nanoTime();
      Long done = waitUntilDrained(t1, 60);
      List<Long> lats = new ArrayList<>(m);
      for (Row r :
          await(
              pool.preparedQuery(
                      "SELECT (result->>'latencyNanos')::bigint AS l FROM jobs"
                          + " WHERE id = ANY($1) AND state = 'succeeded'")
                  .execute(Tuple.of(ids)))) {
        Long l = r.getLong("l");
        if (l != null) {
          lats.add(l);
        }
      }
      res.put("warmup_jobs", warm)
          .put("completed", done != null && lats.size() == m)
          .put("target_rate_per_s", opts.latRate)
          .put("achieved_rate_per_s", round(total / secs(t1 - t0), 1));
      if (lats.size() != m) {
        res.put("results_found", lats.size());
      }
      if (!lats.isEmpty()) {
        long[] s = lats.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] c = calls.clone();
        Arrays.sort(c);
        res.put("p50_ms", ms(pct(s, 50)))
            .put("p90_ms", ms(pct(s, 90)))
            .put("p99_ms", ms(pct(s, 99)))
            .put("max_ms", ms(s[s.length - 1]))
            .put("mean_ms", round(Arrays.stream(s).average().orElse(0) / 1e6, 2))
            .put("enqueue_call_p50_ms", ms(pct(c, 50)))
            .put("enqueue_call_p99_ms", ms(pct(c, 99)));
      }
      res.put("node_log", node.log().toString());
      node.stop(12_000);
    }
    log(
        String.format(
            "agentry latency[latency]: p50 %s ms, p90 %s ms, p99 %s ms (%s/s; enqueue call p50 %s"
                + " ms)",
            res.getValue("p50_ms"),
            res.getValue("p90_ms"),
            res.getValue("p99_ms"),
            res.getValue("achieved_rate_per_s"),
            res.getValue("enqueue_call_p50_ms")));
    return res;
  }

  /** Nearest-rank percentile of a sorted array (as in the harness). */
  static long pct(long[] sorted, double p) {
    int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.min(sorted.length - 1, Math.max(0, idx))];
  }

  // --------------------------------------------------------------------------------- crash

  private JsonObject crash(String variant) throws Exception {
    String profile = "crash-" + variant;
    boolean cluster = variant.equals("cluster");
    Map<String, String> extraEnv =
        switch (variant) {
          case "default" -> Map.of();
          case "aggressive" -> opts.aggressiveEnv;
          case "cluster" -> clusterEnv();
          default -> throw new IllegalArgumentException("unknown crash variant " + variant);
        };
    // "cluster": a director node and a worker node in one Hazelcast cluster; only the worker node
    // is killed, so the surviving director sees the member leave and re-queues its leases.
    String workerRoles = cluster ? "worker" : "director,worker";
    long capNs = TimeUnit.SECONDS.toNanos(opts.crashCapS);
    reset();
    JsonObject res = new JsonObject().put("profile", profile);
    NodeProcess director = null;
    NodeProcess first = null;
    NodeProcess fresh = null;
    try {
      if (cluster) {
        director = startNode(profile + "-director", extraEnv, "director", true);
        director.awaitReady(opts.readyTimeoutMs);
      }
      first = startNode(profile + "-1", extraEnv, workerRoles, cluster);
      first.awaitReady(opts.readyTimeoutMs);
      long id =
          await(
                  store.enqueue(
                      NewJob.builder(ROLE, "sleep")
                          .payload(new JsonObject().put("ms", opts.crashSleepMs))
                          .build()))
              .jobId();
      JobSnap s1 = pollJob(id, j -> j.state.equals("running"), TimeUnit.SECONDS.toNanos(30));
      if (s1 == null) {
        throw new IllegalStateException("job never started on the first node");
      }
      Thread.sleep(opts.crashKillAfterMs);
      long tKill = System.nanoTime();
      first.kill(); // kill -9
      fresh = startNode(profile + "-2", extraEnv, workerRoles, cluster);
      // First moment the job is no longer held by the dead node (back in the queue or taken over).
      long[] requeuedAt = {0};
      JobSnap s2 =
          pollJob(
              id,
              j -> {
                if (requeuedAt[0] == 0 && !(j.owner != null && j.owner.equals(s1.owner))) {
                  requeuedAt[0] = System.nanoTime();
                }
                return j.state.equals("running")
                    && (j.attempts > s1.attempts || !java.util.Objects.equals(j.owner, s1.owner));
              },
              capNs - (System.nanoTime() - tKill));
      long tFound = System.nanoTime();
      res.put("settings", new JsonObject(new LinkedHashMap<>(extraEnv)))
          .put("recovered", s2 != null)
          .put("recovery_s", s2 == null ? null : round(secs(tFound - tKill), 2))
          .put("cap_s", opts.crashCapS)
          .put(
              "fresh_worker_ready_s",
              fresh.isReady() ? round(secs(fresh.readyAtNanos() - tKill), 2) : null)
          .put(
              "released_from_dead_node_s",
              requeuedAt[0] == 0 ? null : round(secs(requeuedAt[0] - tKill), 2))
          .put("first_run", s1.json().put("node", first.nodeId()))
          .put("second_run", s2 == null ? null : s2.json().put("node", fresh.nodeId()))
          .put("recovery_action", (Object) null)
          .put(
              "node_logs", new JsonArray().add(first.log().toString()).add(fresh.log().toString()));
      if (director != null) {
        res.put("director_node", director.nodeId());
        res.getJsonArray("node_logs").add(director.log().toString());
      }
    } finally {
      if (first != null) {
        first.close();
      }
      if (fresh != null) {
        fresh.kill(); // its job is sleeping; no need for a graceful stop
      }
      if (director != null) {
        director.kill();
      }
    }
    log(
        String.format(
            "agentry crash[%s]: %s",
            variant,
            res.getBoolean("recovered")
                ? res.getValue("recovery_s")
                    + " s (fresh node ready after "
                    + res.getValue("fresh_worker_ready_s")
                    + " s, job released after "
                    + res.getValue("released_from_dead_node_s")
                    + " s)"
                : ">" + opts.crashCapS + " s (not recovered)"));
    return res;
  }

  private record JobSnap(String state, int attempts, String owner, long epoch) {
    JsonObject json() {
      return new JsonObject()
          .put("state", state)
          .put("attempts", attempts)
          .put("lease_owner", owner)
          .put("lease_epoch", epoch);
    }
  }

  private JobSnap pollJob(long id, java.util.function.Predicate<JobSnap> until, long timeoutNs)
      throws Exception {
    long deadline = System.nanoTime() + timeoutNs;
    do {
      RowSet<Row> rows =
          await(
              pool.preparedQuery(
                      "SELECT state, attempts, lease_owner, lease_epoch FROM jobs WHERE id = $1")
                  .execute(Tuple.of(id)));
      Row r = rows.iterator().next();
      JobSnap s =
          new JobSnap(
              r.getString("state"),
              r.getInteger("attempts"),
              r.getString("lease_owner"),
              r.getLong("lease_epoch"));
      if (until.test(s)) {
        return s;
      }
      Thread.sleep(opts.crashPollMs);
    } while (System.nanoTime() < deadline);
    return null;
  }

  // ------------------------------------------------------------------------------- helpers

  private NodeProcess startNode(String label, Map<String, String> extraEnv) throws IOException {
    return startNode(label, extraEnv, "director,worker", false);
  }

  private NodeProcess startNode(
      String label, Map<String, String> extraEnv, String roles, boolean cluster)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(opts.java);
    cmd.addAll(jvmFlags());
    cmd.add("-jar");
    cmd.add(nodeJarToRun.toString());
    cmd.add("--roles");
    cmd.add(roles);
    if (cluster) {
      cmd.add("--cluster");
    }
    Map<String, String> env = new LinkedHashMap<>(nodeEnv);
    env.putAll(extraEnv);
    Path log = Path.of(opts.logDir, String.format("node-%02d-%s.log", ++nodeSeq, label));
    return NodeProcess.start(cmd, env, log);
  }

  /**
   * A cluster of our own on loopback: its own name and ports 5801+, so that it never meets another
   * Agentry cluster on this machine (tests use 5701+).
   */
  private Map<String, String> clusterEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AGENTRY_CLUSTER_NAME", "agentry-bench-" + ProcessHandle.current().pid());
    env.put("AGENTRY_CLUSTER_HOST", "127.0.0.1");
    env.put("AGENTRY_CLUSTER_PORT", "5801");
    env.put(
        "AGENTRY_CLUSTER_MEMBERS", "127.0.0.1:5801,127.0.0.1:5802,127.0.0.1:5803,127.0.0.1:5804");
    return env;
  }

  private List<String> jvmFlags() {
    List<String> flags = new ArrayList<>();
    if (javaMajor(opts.java) >= 24) {
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    if (!opts.nodeJvmOpts.isBlank()) {
      flags.addAll(Arrays.asList(opts.nodeJvmOpts.trim().split("\\s+")));
    }
    return flags;
  }

  /** Feature version of the JDK whose java binary is {@code java} (from its release file). */
  static int javaMajor(String java) {
    if (java.equals(currentJava())) {
      return Runtime.version().feature();
    }
    try {
      Path home = Path.of(java).toRealPath().getParent().getParent();
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Runtime.Version.parse(v).feature();
        }
      }
    } catch (IOException | RuntimeException e) {
      // unknown: assume it is the same JDK as ours
    }
    return Runtime.version().feature();
  }

  static String currentJava() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  static <T> T await(Future<T> f) throws Exception {
    return await(f, 300);
  }

  static <T> T await(Future<T> f, long timeoutSeconds) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  static double secs(long nanos) {
    return nanos / 1e9;
  }

  static double ms(long nanos) {
    return round(nanos / 1e6, 2);
  }

  static double round(double x, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(x * f) / f;
  }

  static void log(String msg) {
    System.err.printf("[%s] %s%n", java.time.LocalTime.now().toString().substring(0, 12), msg);
    System.err.flush();
  }

  // ------------------------------------------------------------------------------- options

  static final class Options {
    static final String USAGE =
        """
        usage: java -jar queue-bench.jar [--tests throughput,latency,crash] [--n 100000]
                 [--lat-jobs 2000] [--lat-rate 100] [--lat-warmup 50] [--crash-cap 120] [--throughput-cap 180]
                 [--crash-variants default,aggressive] [--node-jar node/target/agentry.jar]
                 [--java PATH] [--capacity 1024] [--database agentry_bench] [--log-dir DIR]
                 [--out FILE]
        Environment: BENCH_AGGRESSIVE_ENV (K=V,... for the crash-aggressive node),
                     BENCH_NODE_JVM_OPTS (extra JVM flags of the node processes).""";

    List<String> tests = List.of("throughput", "latency", "crash");
    int n = 100_000;
    int latJobs = 2000;
    double latRate = 100;
    int latWarmup = 50;
    int crashCapS = 120;
    List<String> crashVariants = List.of("default", "aggressive");
    int crashSleepMs = 30_000;
    long crashKillAfterMs = 500;
    long crashPollMs = 10;
    int throughputCapS = 180;
    long idleBeforeMs = 1500;
    long pollMs = 10;
    long readyTimeoutMs = 60_000;
    int capacity = 1024;
    String database = "agentry_bench";
    String nodeJar = "node/target/agentry.jar";
    String java = currentJava();
    String logDir = "bench/results/node-logs";
    String nodeJvmOpts = System.getenv().getOrDefault("BENCH_NODE_JVM_OPTS", "");
    Map<String, String> aggressiveEnv =
        parseEnv(System.getenv().getOrDefault("BENCH_AGGRESSIVE_ENV", DEFAULT_AGGRESSIVE_ENV));
    String out;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          System.out.println(USAGE);
          System.exit(0);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value for " + a);
        }
        String v = args[++i];
        switch (a) {
          case "--tests" -> o.tests = split(v);
          case "--n" -> o.n = Integer.parseInt(v);
          case "--lat-jobs" -> o.latJobs = Integer.parseInt(v);
          case "--lat-rate" -> o.latRate = Double.parseDouble(v);
          case "--lat-warmup" -> o.latWarmup = Integer.parseInt(v);
          case "--crash-cap" -> o.crashCapS = Integer.parseInt(v);
          case "--crash-variants" -> o.crashVariants = split(v);
          case "--throughput-cap" -> o.throughputCapS = Integer.parseInt(v);
          case "--capacity" -> o.capacity = Integer.parseInt(v);
          case "--database" -> o.database = v;
          case "--node-jar" -> o.nodeJar = v;
          case "--java" -> o.java = v;
          case "--log-dir" -> o.logDir = v;
          case "--out" -> o.out = v;
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (o.n < 1 || o.latJobs < 1 || o.latRate <= 0 || o.crashCapS < 1) {
        throw new IllegalArgumentException("sizes must be positive");
      }
      return o;
    }

    static List<String> split(String v) {
      return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static Map<String, String> parseEnv(String spec) {
      Map<String, String> env = new LinkedHashMap<>();
      for (String kv : split(spec)) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("BENCH_AGGRESSIVE_ENV: '" + kv + "' is not K=V");
        }
        env.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      return env;
    }
  }
}
