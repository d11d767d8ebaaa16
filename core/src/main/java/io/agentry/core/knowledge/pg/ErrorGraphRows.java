package io.agentry.core.knowledge.pg;

import io.agentry.core.knowledge.ErrorNode;
import io.agentry.core.knowledge.GraphEdge;
import io.agentry.core.knowledge.PatternKind;
import io.agentry.core.knowledge.PatternNode;
import io.agentry.core.knowledge.Relation;
import io.agentry.core.knowledge.Solution;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

/** Column lists and row mappers of the error graph's tables. */
final class ErrorGraphRows {

  /** Error node columns (alias {@code n}) with the number of projects it was seen in. */
  static final String ERROR_COLUMNS =
      "n.id, n.tenant_id, n.fingerprint, n.type, n.normalized_message, n.frames, n.sample,"
          + " n.occurrences, n.first_seen, n.last_seen,"
          + " (SELECT count(*) FROM error_projects ep WHERE ep.error_id = n.id) AS projects_seen";

  static final String SOLUTION_COLUMNS =
      "s.id, s.error_id, s.description, s.patch, s.success_count, s.failure_count, s.author,"
          + " s.created_at, s.updated_at, s.last_success_at";

  static final String PATTERN_COLUMNS =
      "p.id, p.kind, p.name, p.description, p.created_at, p.updated_at";

  static final String EDGE_COLUMNS =
      "e.relation, e.error_id, e.solution_id, e.pattern_id, e.weight";

  private ErrorGraphRows() {}

  static ErrorNode toError(Row row) {
    return new ErrorNode(
        row.getUUID("id"),
        row.getUUID("tenant_id"),
        row.getString("fingerprint"),
        row.getString("type"),
        row.getString("normalized_message"),
        Arrays.asList(row.getArrayOfStrings("frames")),
        row.getString("sample"),
        row.getLong("occurrences"),
        row.getLong("projects_seen").intValue(),
        instant(row, "first_seen"),
        instant(row, "last_seen"));
  }

  static Solution toSolution(Row row) {
    return new Solution(
        row.getUUID("id"),
        row.getUUID("error_id"),
        row.getString("description"),
        row.getString("patch"),
        row.getLong("success_count"),
        row.getLong("failure_count"),
        row.getString("author"),
        instant(row, "created_at"),
        instant(row, "updated_at"),
        instant(row, "last_success_at"));
  }

  static PatternNode toPattern(Row row) {
    return new PatternNode(
        row.getUUID("id"),
        PatternKind.fromDb(row.getString("kind")),
        row.getString("name"),
        row.getString("description"),
        instant(row, "created_at"),
        instant(row, "updated_at"));
  }

  static GraphEdge toEdge(Row row) {
    Relation relation = Relation.fromDb(row.getString("relation"));
    UUID error = row.getUUID("error_id");
    UUID solution = row.getUUID("solution_id");
    UUID pattern = row.getUUID("pattern_id");
    double weight = row.getDouble("weight");
    return switch (relation) {
      case SOLVED_BY -> new GraphEdge(relation, error, solution, weight);
      case INSTANCE_OF -> new GraphEdge(relation, solution, pattern, weight);
      case EXPLAINS, AVOID_FOR -> new GraphEdge(relation, pattern, error, weight);
    };
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime at = row.getOffsetDateTime(column);
    return at == null ? null : at.toInstant();
  }
}
