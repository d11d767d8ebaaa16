package io.agentry.core.knowledge;

import java.time.Instant;
import java.util.UUID;

/**
 * A pattern or anti-pattern of a tenant, unique by kind and name, linked to the errors it explains
 * (or is to be avoided for) and to the solutions that are instances of it.
 */
public record PatternNode(
    UUID id,
    PatternKind kind,
    String name,
    String description,
    Instant createdAt,
    Instant updatedAt) {}
