package io.agentry.core.context;

import java.time.Instant;

/** A key of a project's shared context and its current version. */
public record ContextEntry(String key, int currentVersion, Instant createdAt, Instant updatedAt) {}
