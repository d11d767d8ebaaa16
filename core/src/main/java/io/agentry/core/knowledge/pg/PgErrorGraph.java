package io.agentry.core.knowledge.pg;

import static io.agentry.core.knowledge.pg.ErrorGraphRows.PATTERN_COLUMNS;
import static io.agentry.core.knowledge.pg.ErrorGraphRows.SOLUTION_COLUMNS;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.knowledge.Confidence;
import io.agentry.core.knowledge.ErrorFingerprint;
import io.agentry.core.knowledge.ErrorFingerprints;
import io.agentry.core.knowledge.ErrorGraph;
import io.agentry.core.knowledge.ErrorGraphView;
import io.agentry.core.knowledge.ErrorNode;
import io.agentry.core.knowledge.FixSuggestion;
import io.agentry.core.knowledge.PatternKind;
import io.agentry.core.knowledge.PatternNode;
import io.agentry.core.knowledge.Relation;
import io.agentry.core.knowledge.Solution;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link ErrorGraph} on PostgreSQL. Every write is one transaction whose counters move with {@code
 * INSERT .. ON CONFLICT .. DO UPDATE}: a concurrent writer of the same row waits for the first and
 * then adds to what it committed.
 */
public final class PgErrorGraph implements ErrorGraph {

  private static final String UPSERT_ERROR =
      """
      INSERT INTO error_nodes AS n (id, tenant_id, fingerprint, type, normalized_message, frames, sample)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (tenant_id, fingerprint) DO UPDATE
        SET occurrences = n.occurrences + 1, last_seen = now()
      RETURNING n.id
      """;

  private static final String UPSERT_SEEN_IN =
      """
      INSERT INTO error_projects AS ep (error_id, project_id, tenant_id) VALUES ($1, $2, $3)
      ON CONFLICT (error_id, project_id) DO UPDATE
        SET occurrences = ep.occurrences + 1, last_seen = now()
      """;

  /** The error proves the tenant: no row of the tenant, nothing inserted. */
  private static final String UPSERT_SOLUTION =
      "INSERT INTO error_solutions AS s (id, tenant_id, error_id, content_hash, description, patch,"
          + " author, success_count, failure_count, last_success_at)"
          + " SELECT $1::uuid, n.tenant_id, n.id, $4::text, $5::text, $6::text, $7::text,"
          + " $8::bigint, $9::bigint, CASE WHEN $8::bigint > 0 THEN now() END"
          + " FROM error_nodes n WHERE n.id = $3 AND n.tenant_id = $2"
          + " ON CONFLICT (error_id, content_hash) DO UPDATE SET"
          + " success_count = s.success_count + EXCLUDED.success_count,"
          + " failure_count = s.failure_count + EXCLUDED.failure_count,"
          + " last_success_at = COALESCE(EXCLUDED.last_success_at, s.last_success_at),"
          + " updated_at = now()"
          + " RETURNING "
          + SOLUTION_COLUMNS;

  private static final String UPSERT_EDGE =
      """
      INSERT INTO error_graph_edges AS e (tenant_id, relation, error_id, solution_id, pattern_id, weight)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (relation, error_id, solution_id, pattern_id) DO UPDATE
        SET weight = EXCLUDED.weight, updated_at = now()
      """;

  /** A row when the error is the tenant's; {@code solution_ok} when the solution is the error's. */
  private static final String CHECK_ERROR_AND_SOLUTION =
      "SELECT n.id, EXISTS (SELECT 1 FROM error_solutions s WHERE s.id = $3 AND s.error_id = n.id)"
          + " AS solution_ok FROM error_nodes n WHERE n.id = $1 AND n.tenant_id = $2";

  private static final String UPSERT_PATTERN =
      "INSERT INTO error_patterns AS p (id, tenant_id, kind, name, description)"
          + " VALUES ($1, $2, $3, $4, $5)"
          + " ON CONFLICT (tenant_id, kind, name) DO UPDATE SET description ="
          + " CASE WHEN EXCLUDED.description = '' THEN p.description ELSE EXCLUDED.description END,"
          + " updated_at = now()"
          + " RETURNING "
          + PATTERN_COLUMNS;

  private final Pool pool;
  private final ErrorGraphReads reads;

  private PgErrorGraph(Pool pool) {
    this.pool = pool;
    this.reads = new ErrorGraphReads(pool);
  }

  public static PgErrorGraph create(Pool pool) {
    return new PgErrorGraph(Objects.requireNonNull(pool, "pool"));
  }

  @Override
  public Future<ErrorNode> recordError(
      UUID tenantId, UUID projectId, ErrorFingerprint fp, String rawText) {
    try {
      require(tenantId, "tenantId");
      require(projectId, "projectId");
      checkFingerprint(fp);
    } catch (AgentryException e) {
      return Future.failedFuture(e);
    }
    String raw = rawText == null ? fp.normalizedMessage() : rawText.replace("\u0000", "");
    String sample = cap(raw, MAX_SAMPLE);
    Tuple node =
        Tuple.tuple()
            .addUUID(UUID.randomUUID())
            .addUUID(tenantId)
            .addString(fp.hash())
            .addString(fp.type())
            .addString(fp.normalizedMessage())
            .addArrayOfString(fp.frames().toArray(String[]::new))
            .addString(sample);
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(UPSERT_ERROR)
                    .execute(node)
                    .map(rows -> rows.iterator().next().getUUID("id"))
                    .compose(
                        errorId ->
                            tx.preparedQuery(UPSERT_SEEN_IN)
                                .execute(Tuple.of(errorId, projectId, tenantId))
                                .map(errorId)))
        .compose(errorId -> reads.get(tenantId, errorId))
        .recover(e -> Future.failedFuture(translate(e, tenantId, projectId)));
  }

  @Override
  public Future<Solution> recordAttempt(
      UUID tenantId,
      UUID errorId,
      String description,
      String patch,
      boolean success,
      String author) {
    String what = description == null ? "" : description.strip();
    String change = patch == null ? "" : patch;
    String who = author == null ? "" : author.strip();
    try {
      require(tenantId, "tenantId");
      require(errorId, "errorId");
      checkLength("description", what, 1, MAX_DESCRIPTION);
      checkLength("patch", change, 0, MAX_PATCH);
      checkLength("author", who, 1, MAX_AUTHOR);
    } catch (AgentryException e) {
      return Future.failedFuture(e);
    }
    Tuple params =
        Tuple.tuple()
            .addUUID(UUID.randomUUID())
            .addUUID(tenantId)
            .addUUID(errorId)
            .addString(sha256(what + "\u0000" + change))
            .addString(what)
            .addString(change)
            .addString(who)
            .addLong(success ? 1L : 0L)
            .addLong(success ? 0L : 1L);
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(UPSERT_SOLUTION)
                .execute(params)
                .map(
                    rows -> {
                      if (rows.size() == 0) {
                        throw notFound("error " + errorId + " does not exist");
                      }
                      return ErrorGraphRows.toSolution(rows.iterator().next());
                    })
                .compose(solution -> afterAttempt(tx, tenantId, solution).map(solution)));
  }

  /** The error's edge to the solution carries its success rate; then its anti-pattern status. */
  private static Future<Void> afterAttempt(SqlConnection tx, UUID tenantId, Solution solution) {
    double rate = Confidence.successRate(solution.successCount(), solution.failureCount());
    return edge(tx, tenantId, Relation.SOLVED_BY, solution.errorId(), solution.id(), null, rate)
        .compose(v -> AntiPatterns.update(tx, tenantId, solution));
  }

  @Override
  public Future<PatternNode> recordPattern(
      UUID tenantId,
      UUID errorId,
      UUID solutionId,
      PatternKind kind,
      String name,
      String description) {
    String title = name == null ? "" : name.strip();
    String text = description == null ? "" : description.strip();
    try {
      require(tenantId, "tenantId");
      require(errorId, "errorId");
      require(kind, "kind");
      checkLength("name", title, 1, MAX_PATTERN_NAME);
      checkLength("description", text, 0, MAX_PATTERN_DESCRIPTION);
    } catch (AgentryException e) {
      return Future.failedFuture(e);
    }
    return pool.withTransaction(
        tx ->
            checkErrorAndSolution(tx, tenantId, errorId, solutionId)
                .compose(
                    v ->
                        tx.preparedQuery(UPSERT_PATTERN)
                            .execute(Tuple.of(UUID.randomUUID(), tenantId, kind.db(), title, text)))
                .map(rows -> ErrorGraphRows.toPattern(rows.iterator().next()))
                .compose(pattern -> link(tx, tenantId, errorId, solutionId, pattern)));
  }

  /** Pattern to error (explains or avoid-for, by kind) and, if given, solution to pattern. */
  private static Future<PatternNode> link(
      SqlConnection tx, UUID tenantId, UUID errorId, UUID solutionId, PatternNode pattern) {
    Relation toError =
        pattern.kind() == PatternKind.PATTERN ? Relation.EXPLAINS : Relation.AVOID_FOR;
    Future<Void> linked = edge(tx, tenantId, toError, errorId, null, pattern.id(), 1);
    if (solutionId != null) {
      linked =
          linked.compose(
              v -> edge(tx, tenantId, Relation.INSTANCE_OF, null, solutionId, pattern.id(), 1));
    }
    return linked.map(pattern);
  }

  @Override
  public Future<Optional<FixSuggestion>> suggest(UUID tenantId, String fingerprintHash) {
    try {
      require(tenantId, "tenantId");
      checkHash(fingerprintHash);
    } catch (AgentryException e) {
      return Future.failedFuture(e);
    }
    return reads.suggest(tenantId, fingerprintHash);
  }

  @Override
  public Future<Optional<ErrorNode>> find(UUID tenantId, String fingerprintHash) {
    try {
      require(tenantId, "tenantId");
      checkHash(fingerprintHash);
    } catch (AgentryException e) {
      return Future.failedFuture(e);
    }
    return reads.find(tenantId, fingerprintHash);
  }

  @Override
  public Future<List<ErrorNode>> list(UUID tenantId, UUID projectId, UUID afterId, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      return Future.failedFuture(
          badInput("limit must be between 1 and " + MAX_PAGE + " (was " + limit + ")"));
    }
    return reads.list(Objects.requireNonNull(tenantId, "tenantId"), projectId, afterId, limit);
  }

  @Override
  public Future<ErrorGraphView> view(UUID tenantId, UUID errorId) {
    return reads.view(tenantId, errorId);
  }

  private static Future<Void> checkErrorAndSolution(
      SqlConnection tx, UUID tenantId, UUID errorId, UUID solutionId) {
    return tx.preparedQuery(CHECK_ERROR_AND_SOLUTION)
        .execute(Tuple.of(errorId, tenantId, solutionId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw notFound("error " + errorId + " does not exist");
              }
              if (solutionId != null && !rows.iterator().next().getBoolean("solution_ok")) {
                throw notFound(
                    "solution " + solutionId + " of error " + errorId + " does not exist");
              }
              return null;
            });
  }

  private static Future<Void> edge(
      SqlConnection tx,
      UUID tenantId,
      Relation relation,
      UUID errorId,
      UUID solutionId,
      UUID patternId,
      double weight) {
    Tuple params =
        Tuple.tuple()
            .addUUID(tenantId)
            .addString(relation.db())
            .addUUID(errorId)
            .addUUID(solutionId)
            .addUUID(patternId)
            .addDouble(weight);
    return tx.preparedQuery(UPSERT_EDGE).execute(params).mapEmpty();
  }

  private static void checkFingerprint(ErrorFingerprint fp) {
    require(fp, "fingerprint");
    checkHash(fp.hash());
    checkLength("fingerprint.type", fp.type(), 1, 200);
    checkLength("fingerprint.normalizedMessage", fp.normalizedMessage(), 0, 1000);
    if (fp.frames().size() > ErrorFingerprints.MAX_FRAMES) {
      throw badInput("fingerprint.frames: at most " + ErrorFingerprints.MAX_FRAMES + " frames");
    }
    if (!fp.hash().equals(ErrorFingerprints.hash(fp.type(), fp.normalizedMessage(), fp.frames()))) {
      throw badInput("fingerprint.hash does not match its type, message and frames");
    }
  }

  private static void checkHash(String hash) {
    if (!ErrorFingerprints.isHash(hash)) {
      throw badInput("fingerprint hash must be 64 lowercase hex digits");
    }
  }

  private static void checkLength(String field, String value, int min, int max) {
    if (value.length() < min || value.length() > max) {
      throw badInput(field + " must be " + min + " to " + max + " characters");
    }
    if (value.indexOf('\u0000') >= 0) {
      throw badInput(field + " must not contain NUL characters");
    }
  }

  private static void require(Object value, String field) {
    if (value == null) {
      throw badInput(field + " is required");
    }
  }

  private static Throwable translate(Throwable e, UUID tenantId, UUID projectId) {
    if (e instanceof PgException pg && "23503".equals(pg.getSqlState())) {
      return "error_projects".equals(pg.getTable())
          ? notFound("project " + projectId + " does not exist")
          : notFound("tenant " + tenantId + " does not exist");
    }
    return e;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String cap(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    return s.substring(0, Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max);
  }

  private static AgentryException notFound(String message) {
    return new AgentryException(ErrorCode.NOT_FOUND, message);
  }

  private static AgentryException badInput(String message) {
    return new AgentryException(ErrorCode.BAD_USER_INPUT, message);
  }
}
