package io.agentry.core.projects;

import java.time.Instant;
import java.util.UUID;

/** A project of a tenant: it owns tasks, jobs and a ledger. */
public record Project(UUID id, UUID tenantId, String name, String description, Instant createdAt) {}
