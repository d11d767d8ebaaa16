package io.agentry.core.ledger;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * One entry of a project's ledger: written once, never changed. {@code seq} is monotonic and
 * gap-free per project; {@code causeSeq}, when present, names the earlier event this one answers
 * (an observation answers an action, a restart answers a crash).
 */
public record LedgerEvent(
    UUID projectId,
    long seq,
    Source source,
    Long causeSeq,
    String type,
    JsonObject payload,
    Instant createdAt) {

  /** Who caused the event. */
  public enum Source {
    AGENT,
    USER,
    SYSTEM;

    /** The value stored in {@code ledger_events.source}. */
    public String db() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Source fromDb(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
