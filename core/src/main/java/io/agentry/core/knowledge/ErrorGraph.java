package io.agentry.core.knowledge;

import io.agentry.core.knowledge.pg.PgErrorGraph;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The error knowledge graph of each tenant: errors by fingerprint, the solutions tried for them
 * with success and failure counts, and patterns; plus the learning engine that suggests the
 * best-known fix. Everything is scoped to a tenant: nothing recorded in one tenant is ever read,
 * suggested or linked in another.
 *
 * <p>Counts are bumped atomically in the database, so concurrent workers recording the same error
 * or the same attempt neither create duplicates nor lose counts.
 *
 * <p>Errors: {@code BAD_USER_INPUT} (a field empty, too long or malformed; the message names it),
 * {@code NOT_FOUND} (tenant, project, error or solution missing, or in another tenant).
 */
public interface ErrorGraph {

  int MAX_SAMPLE = 8_000;
  int MAX_DESCRIPTION = 2_000;
  int MAX_PATCH = 65_536;
  int MAX_AUTHOR = 200;
  int MAX_PATTERN_NAME = 200;
  int MAX_PATTERN_DESCRIPTION = 4_000;

  /** Largest page {@link #list} returns. */
  int MAX_PAGE = 1000;

  /** Most solutions a {@link #view} holds. */
  int MAX_VIEW_SOLUTIONS = 200;

  static ErrorGraph create(Pool pool) {
    return PgErrorGraph.create(pool);
  }

  /**
   * Records an occurrence of an error in a project: creates its node on first sight, otherwise
   * counts it. The node keeps the first occurrence's raw text as its sample (capped).
   *
   * @param fp as made by {@link ErrorFingerprints#of}; its hash must match its parts
   * @param rawText the error as it was seen, or null
   */
  Future<ErrorNode> recordError(UUID tenantId, UUID projectId, ErrorFingerprint fp, String rawText);

  /** Fingerprints {@code rawText} and records it; see {@link #recordError}. */
  default Future<ErrorNode> recordError(UUID tenantId, UUID projectId, String rawText) {
    try {
      return recordError(tenantId, projectId, ErrorFingerprints.of(rawText), rawText);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Records one attempt to fix an error. The same description and patch for the same error update
   * that solution's counts. A solution that failed {@link Confidence#ANTI_PATTERN_FAILURES} times
   * without a success becomes an anti-pattern of the error; should it work later, it stops being
   * one.
   *
   * @param patch the change (a diff, usually); may be empty
   * @param author who tried it, e.g. {@code debugger/agent-7}
   */
  Future<Solution> recordAttempt(
      UUID tenantId,
      UUID errorId,
      String description,
      String patch,
      boolean success,
      String author);

  /**
   * Links a pattern (a common cause and its prevention) or an anti-pattern to an error, creating it
   * by kind and name or updating its description (an empty description keeps the old one).
   *
   * @param solutionId a solution of this error that is an instance of the pattern, or null
   */
  Future<PatternNode> recordPattern(
      UUID tenantId,
      UUID errorId,
      UUID solutionId,
      PatternKind kind,
      String name,
      String description);

  /**
   * The learning engine: the best-known fix for an error, with its confidence and the error's
   * patterns and anti-patterns. Empty when the tenant does not know the fingerprint, or when no fix
   * for it ever worked (then {@link #find} and {@link #view} still show what was tried).
   */
  Future<Optional<FixSuggestion>> suggest(UUID tenantId, String fingerprintHash);

  /** The tenant's node for a fingerprint, if it was ever recorded. */
  Future<Optional<ErrorNode>> find(UUID tenantId, String fingerprintHash);

  /**
   * The tenant's errors, newest first (by first sighting).
   *
   * @param projectId only errors seen in this project, or null for all
   * @param afterId the last error of the previous page (keyset cursor), or null for the first page;
   *     an id the tenant does not have is {@code BAD_USER_INPUT}
   */
  Future<List<ErrorNode>> list(UUID tenantId, UUID projectId, UUID afterId, int limit);

  /** One error of the tenant with its solutions, patterns and edges; {@code NOT_FOUND} if none. */
  Future<ErrorGraphView> view(UUID tenantId, UUID errorId);
}
