package io.agentry.core.knowledge.pg;

import io.agentry.core.knowledge.Confidence;
import io.agentry.core.knowledge.ErrorGraph;
import io.agentry.core.knowledge.Solution;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Keeps a solution's anti-pattern in step with its counts, inside the transaction that changed them
 * (which holds the solution's row lock, so two attempts at one solution are handled one after the
 * other). A solution that failed repeatedly without a success becomes an instance of the
 * anti-pattern named by its description, and that anti-pattern is to be avoided for its error. If
 * it works later, both links go, unless another failing solution of the error still holds the
 * second.
 */
final class AntiPatterns {

  private static final String UPSERT_PATTERN =
      """
      INSERT INTO error_patterns AS p (id, tenant_id, kind, name, description)
      VALUES ($1, $2, 'anti_pattern', $3, $4)
      ON CONFLICT (tenant_id, kind, name) DO UPDATE
        SET description = EXCLUDED.description, updated_at = now()
      RETURNING p.id
      """;

  private static final String LINK =
      """
      INSERT INTO error_graph_edges AS e (tenant_id, relation, error_id, solution_id, pattern_id, weight)
      VALUES ($1, 'instance_of', NULL, $2, $3, 1), ($1, 'avoid_for', $4, NULL, $3, $5)
      ON CONFLICT (relation, error_id, solution_id, pattern_id) DO UPDATE
        SET weight = GREATEST(e.weight, EXCLUDED.weight), updated_at = now()
      """;

  /*
   * The NOT EXISTS sees the edges as they were before this statement, so it leaves out the
   * solution whose link the first part drops.
   */
  private static final String UNLINK =
      """
      WITH dropped AS (
        DELETE FROM error_graph_edges e USING error_patterns p
        WHERE e.relation = 'instance_of' AND e.solution_id = $1
          AND p.id = e.pattern_id AND p.kind = 'anti_pattern'
        RETURNING e.pattern_id
      )
      DELETE FROM error_graph_edges a
      WHERE a.relation = 'avoid_for' AND a.error_id = $2
        AND a.pattern_id IN (SELECT pattern_id FROM dropped)
        AND NOT EXISTS (
          SELECT 1 FROM error_graph_edges o JOIN error_solutions s ON s.id = o.solution_id
          WHERE o.relation = 'instance_of' AND o.pattern_id = a.pattern_id
            AND s.error_id = $2 AND o.solution_id <> $1)
      """;

  private AntiPatterns() {}

  static Future<Void> update(SqlConnection tx, UUID tenantId, Solution solution) {
    if (solution.isAntiPattern()) {
      return link(tx, tenantId, solution);
    }
    if (solution.successCount() > 0
        && solution.failureCount() >= Confidence.ANTI_PATTERN_FAILURES) {
      return tx.preparedQuery(UNLINK)
          .execute(Tuple.of(solution.id(), solution.errorId()))
          .mapEmpty();
    }
    return Future.succeededFuture();
  }

  private static Future<Void> link(SqlConnection tx, UUID tenantId, Solution solution) {
    Tuple pattern = Tuple.of(UUID.randomUUID(), tenantId, name(solution), description(solution));
    return tx.preparedQuery(UPSERT_PATTERN)
        .execute(pattern)
        .compose(
            rows -> {
              UUID patternId = rows.iterator().next().getUUID("id");
              return tx.preparedQuery(LINK)
                  .execute(
                      Tuple.of(
                          tenantId,
                          solution.id(),
                          patternId,
                          solution.errorId(),
                          (double) solution.failureCount()));
            })
        .mapEmpty();
  }

  private static String name(Solution solution) {
    return cap(solution.description().strip(), ErrorGraph.MAX_PATTERN_NAME);
  }

  private static String description(Solution solution) {
    String head =
        "A fix that failed every time it was tried ("
            + solution.failureCount()
            + " attempts, no success): do not try it again as it is.";
    if (solution.patch().isBlank()) {
      return head;
    }
    String patch = "\n\nWhat it changed:\n" + solution.patch();
    return cap(head + patch, ErrorGraph.MAX_PATTERN_DESCRIPTION);
  }

  private static String cap(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    return s.substring(0, Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max);
  }
}
