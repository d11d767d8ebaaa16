package io.agentry.api.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Relay cursor connections. Lists are read with keyset pagination: a cursor holds the sort key of
 * the last row seen (opaque to clients, base64url of {@code kind:key}), and a page reads {@code
 * first + 1} rows to know whether another page follows.
 */
final class Connections {

  static final int DEFAULT_FIRST = 20;
  static final int MAX_FIRST = 100;

  private Connections() {}

  /** The {@code first}/{@code after} arguments of a list field, validated. */
  record Page(int first, String after) {
    int fetch() {
      return first + 1;
    }
  }

  /** A position in a list ordered by creation time, then id. */
  record TimeKey(OffsetDateTime at, UUID id) {}

  static Page page(DataFetchingEnvironment env) {
    Integer first = env.getArgument("first");
    int n = first == null ? DEFAULT_FIRST : first;
    if (n < 1 || n > MAX_FIRST) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT,
          "first must be between 1 and " + MAX_FIRST + " (was " + n + ")");
    }
    return new Page(n, env.getArgument("after"));
  }

  /** A page of database rows as a connection, each row turned into its node by {@code toNode}. */
  static <T> Map<String, Object> connection(
      RowSet<Row> rows, Function<Row, T> toNode, Page page, Function<T, String> cursorOf) {
    List<T> nodes = new ArrayList<>(rows.rowCount());
    rows.forEach(row -> nodes.add(toNode.apply(row)));
    return connection(nodes, page, cursorOf);
  }

  static <T> Map<String, Object> connection(List<T> rows, Page page, Function<T, String> cursorOf) {
    boolean more = rows.size() > page.first();
    List<T> shown = more ? rows.subList(0, page.first()) : rows;
    List<Map<String, Object>> edges = new ArrayList<>(shown.size());
    for (T row : shown) {
      Map<String, Object> edge = new LinkedHashMap<>();
      edge.put("cursor", cursorOf.apply(row));
      edge.put("node", row);
      edges.add(edge);
    }
    Map<String, Object> pageInfo = new LinkedHashMap<>();
    pageInfo.put("hasNextPage", more);
    pageInfo.put("hasPreviousPage", page.after() != null);
    pageInfo.put("startCursor", edges.isEmpty() ? null : edges.getFirst().get("cursor"));
    pageInfo.put("endCursor", edges.isEmpty() ? null : edges.getLast().get("cursor"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("edges", edges);
    out.put("pageInfo", pageInfo);
    return out;
  }

  static String encode(String kind, String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((kind + ":" + key).getBytes(StandardCharsets.UTF_8));
  }

  /** The key of a cursor of {@code kind}; {@code BAD_USER_INPUT} for anything else. */
  static String decode(String kind, String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith(kind + ":")) {
        return text.substring(kind.length() + 1);
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new AgentryException(ErrorCode.BAD_USER_INPUT, "after: not a cursor of this list");
  }

  static String timeCursor(String kind, Instant at, UUID id) {
    return encode(kind, ChronoUnit.MICROS.between(Instant.EPOCH, at) + "," + id);
  }

  /** The position after which a time-ordered page starts; the epoch when there is no cursor. */
  static TimeKey timeKey(String kind, String cursor) {
    if (cursor == null) {
      return new TimeKey(OffsetDateTime.parse("1970-01-01T00:00:00Z"), new UUID(0, 0));
    }
    String key = decode(kind, cursor);
    try {
      int comma = key.indexOf(',');
      long micros = Long.parseLong(key.substring(0, comma));
      Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
      return new TimeKey(at.atOffset(ZoneOffset.UTC), UUID.fromString(key.substring(comma + 1)));
    } catch (RuntimeException e) {
      throw new AgentryException(ErrorCode.BAD_USER_INPUT, "after: not a cursor of this list");
    }
  }

  /**
   * The database names of an optional list of GraphQL enum values used as a filter; an absent
   * filter is an empty array, which the page queries read as "any".
   */
  static String[] filterValues(List<String> values, Function<String, String> toDb) {
    return values == null ? new String[0] : values.stream().map(toDb).toArray(String[]::new);
  }

  static long longKey(String kind, String cursor) {
    if (cursor == null) {
      return 0;
    }
    try {
      return Long.parseLong(decode(kind, cursor));
    } catch (NumberFormatException e) {
      throw new AgentryException(ErrorCode.BAD_USER_INPUT, "after: not a cursor of this list");
    }
  }
}
