package io.agentry.core.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * An API key as stored, without its secret. {@code prefix} is the token's first characters: enough
 * to recognise a key in a list, not enough to use it.
 */
public record ApiKey(
    UUID id,
    UUID tenantId,
    String name,
    Role role,
    String prefix,
    Instant createdAt,
    Instant revokedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }
}
