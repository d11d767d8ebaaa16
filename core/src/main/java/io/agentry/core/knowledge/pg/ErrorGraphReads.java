package io.agentry.core.knowledge.pg;

import static io.agentry.core.knowledge.pg.ErrorGraphRows.EDGE_COLUMNS;
import static io.agentry.core.knowledge.pg.ErrorGraphRows.ERROR_COLUMNS;
import static io.agentry.core.knowledge.pg.ErrorGraphRows.PATTERN_COLUMNS;
import static io.agentry.core.knowledge.pg.ErrorGraphRows.SOLUTION_COLUMNS;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.knowledge.ErrorGraph;
import io.agentry.core.knowledge.ErrorGraphView;
import io.agentry.core.knowledge.ErrorNode;
import io.agentry.core.knowledge.FixSuggestion;
import io.agentry.core.knowledge.GraphEdge;
import io.agentry.core.knowledge.PatternKind;
import io.agentry.core.knowledge.PatternNode;
import io.agentry.core.knowledge.Solution;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** The read side of {@link PgErrorGraph}: lookups, listing, views and suggestions. */
final class ErrorGraphReads {

  private static final String BY_ID =
      "SELECT " + ERROR_COLUMNS + " FROM error_nodes n WHERE n.id = $1 AND n.tenant_id = $2";

  private static final String BY_FINGERPRINT =
      "SELECT "
          + ERROR_COLUMNS
          + " FROM error_nodes n WHERE n.tenant_id = $1 AND n.fingerprint = $2";

  private static final String CURSOR =
      "SELECT first_seen FROM error_nodes WHERE id = $1 AND tenant_id = $2";

  private static final String LIST =
      "SELECT "
          + ERROR_COLUMNS
          + " FROM error_nodes n WHERE n.tenant_id = $1"
          + " AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM error_projects ep"
          + "   WHERE ep.error_id = n.id AND ep.project_id = $2))"
          + " AND ($3::timestamptz IS NULL OR (n.first_seen, n.id) < ($3, $4::uuid))"
          + " ORDER BY n.first_seen DESC, n.id DESC LIMIT $5";

  private static final String SOLUTIONS =
      "SELECT "
          + SOLUTION_COLUMNS
          + " FROM error_solutions s WHERE s.error_id = $1"
          + " ORDER BY s.success_count DESC, s.failure_count, s.created_at, s.id LIMIT $2";

  /** Only solutions that worked can be suggested. */
  private static final String SUCCESSFUL_SOLUTIONS =
      "SELECT "
          + SOLUTION_COLUMNS
          + " FROM error_solutions s WHERE s.error_id = $1 AND s.success_count > 0";

  private static final String PATTERNS =
      "SELECT DISTINCT "
          + PATTERN_COLUMNS
          + " FROM error_patterns p JOIN error_graph_edges e ON e.pattern_id = p.id"
          + " WHERE (e.error_id = $1 AND e.relation IN ('explains', 'avoid_for'))"
          + " OR (e.relation = 'instance_of' AND e.solution_id IN"
          + "   (SELECT id FROM error_solutions WHERE error_id = $1))"
          + " ORDER BY p.kind, p.name";

  private static final String EDGES =
      "SELECT "
          + EDGE_COLUMNS
          + " FROM error_graph_edges e WHERE e.error_id = $1"
          + " UNION ALL SELECT "
          + EDGE_COLUMNS
          + " FROM error_graph_edges e JOIN error_solutions s ON s.id = e.solution_id"
          + " WHERE s.error_id = $1 AND e.relation = 'instance_of'";

  private static final Comparator<Solution> BEST_FIRST =
      Comparator.comparingDouble(Solution::confidence)
          .thenComparingLong(Solution::successCount)
          .thenComparing(Solution::lastSuccessAt)
          .reversed()
          .thenComparing(Solution::id);

  private final Pool pool;

  ErrorGraphReads(Pool pool) {
    this.pool = pool;
  }

  Future<Optional<ErrorNode>> find(UUID tenantId, String fingerprint) {
    return pool.preparedQuery(BY_FINGERPRINT)
        .execute(Tuple.of(tenantId, fingerprint))
        .map(rows -> first(rows).map(ErrorGraphRows::toError));
  }

  Future<ErrorNode> get(UUID tenantId, UUID errorId) {
    return pool.preparedQuery(BY_ID)
        .execute(Tuple.of(errorId, tenantId))
        .map(
            rows ->
                first(rows)
                    .map(ErrorGraphRows::toError)
                    .orElseThrow(
                        () ->
                            new AgentryException(
                                ErrorCode.NOT_FOUND, "error " + errorId + " does not exist")));
  }

  Future<List<ErrorNode>> list(UUID tenantId, UUID projectId, UUID afterId, int limit) {
    if (afterId == null) {
      return page(tenantId, projectId, null, limit);
    }
    return pool.preparedQuery(CURSOR)
        .execute(Tuple.of(afterId, tenantId))
        .compose(
            rows -> {
              Row cursor =
                  first(rows)
                      .orElseThrow(
                          () ->
                              new AgentryException(
                                  ErrorCode.BAD_USER_INPUT,
                                  "after: no error " + afterId + " to continue from"));
              return page(
                  tenantId, projectId, new Cursor(cursor.getOffsetDateTime(0), afterId), limit);
            });
  }

  /** The error first (it proves the tenant), then its neighbourhood in parallel. */
  Future<ErrorGraphView> view(UUID tenantId, UUID errorId) {
    return get(tenantId, errorId)
        .compose(
            error -> {
              Future<List<Solution>> solutions =
                  all(
                      SOLUTIONS,
                      Tuple.of(errorId, ErrorGraph.MAX_VIEW_SOLUTIONS),
                      ErrorGraphRows::toSolution);
              Future<List<PatternNode>> patterns = patterns(errorId);
              Future<List<GraphEdge>> edges = all(EDGES, Tuple.of(errorId), ErrorGraphRows::toEdge);
              return Future.all(solutions, patterns, edges)
                  .map(
                      done ->
                          new ErrorGraphView(
                              error,
                              solutions.result(),
                              patterns.result(),
                              among(edges.result(), error, solutions.result(), patterns.result())));
            });
  }

  Future<Optional<FixSuggestion>> suggest(UUID tenantId, String fingerprint) {
    return find(tenantId, fingerprint)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
              }
              ErrorNode error = found.get();
              return all(SUCCESSFUL_SOLUTIONS, Tuple.of(error.id()), ErrorGraphRows::toSolution)
                  .compose(
                      solutions -> {
                        Optional<Solution> best = solutions.stream().min(BEST_FIRST);
                        if (best.isEmpty()) {
                          return Future.succeededFuture(Optional.empty());
                        }
                        return patterns(error.id())
                            .map(patterns -> Optional.of(suggestion(error, best.get(), patterns)));
                      });
            });
  }

  private static FixSuggestion suggestion(
      ErrorNode error, Solution fix, List<PatternNode> patterns) {
    return new FixSuggestion(
        error,
        fix,
        fix.confidence(),
        patterns.stream().filter(p -> p.kind() == PatternKind.PATTERN).toList(),
        patterns.stream().filter(p -> p.kind() == PatternKind.ANTI_PATTERN).toList());
  }

  private Future<List<PatternNode>> patterns(UUID errorId) {
    return all(PATTERNS, Tuple.of(errorId), ErrorGraphRows::toPattern);
  }

  private Future<List<ErrorNode>> page(UUID tenantId, UUID projectId, Cursor after, int limit) {
    Tuple params =
        Tuple.tuple()
            .addUUID(tenantId)
            .addUUID(projectId)
            .addOffsetDateTime(after == null ? null : after.firstSeen())
            .addUUID(after == null ? null : after.id())
            .addInteger(limit);
    return all(LIST, params, ErrorGraphRows::toError);
  }

  /** Edges whose both ends are in the view (solutions beyond the view's cap are left out). */
  private static List<GraphEdge> among(
      List<GraphEdge> edges,
      ErrorNode error,
      List<Solution> solutions,
      List<PatternNode> patterns) {
    Set<UUID> ids = new HashSet<>();
    ids.add(error.id());
    solutions.forEach(s -> ids.add(s.id()));
    patterns.forEach(p -> ids.add(p.id()));
    return edges.stream().filter(e -> ids.contains(e.fromId()) && ids.contains(e.toId())).toList();
  }

  private <T> Future<List<T>> all(String sql, Tuple params, Function<Row, T> mapper) {
    return pool.preparedQuery(sql)
        .execute(params)
        .map(
            rows -> {
              List<T> out = new ArrayList<>(rows.size());
              rows.forEach(row -> out.add(mapper.apply(row)));
              return out;
            });
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  /** Where the previous page ended, in the listing's order. */
  private record Cursor(OffsetDateTime firstSeen, UUID id) {}
}
