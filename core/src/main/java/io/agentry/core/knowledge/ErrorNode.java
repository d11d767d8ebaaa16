package io.agentry.core.knowledge;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An error as the graph knows it: one per fingerprint and tenant.
 *
 * @param sample the raw text of its first occurrence, capped at {@link ErrorGraph#MAX_SAMPLE}
 * @param occurrences how often it was recorded, in every project of the tenant
 * @param projectsSeen in how many of the tenant's projects it was recorded
 */
public record ErrorNode(
    UUID id,
    UUID tenantId,
    String fingerprint,
    String type,
    String normalizedMessage,
    List<String> frames,
    String sample,
    long occurrences,
    int projectsSeen,
    Instant firstSeen,
    Instant lastSeen) {

  public ErrorNode {
    frames = List.copyOf(frames);
  }
}
