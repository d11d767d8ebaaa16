package io.agentry.core.schedule;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A recurring job of an agent: when {@code cron} (read in {@code timezone}) fires, the director
 * enqueues a job of {@code jobRole}/{@code jobKind} with {@code jobPayload}.
 *
 * @param nextRunAt the next fire time; due once it is not after now
 * @param lastRunAt the fire time last handed out, or {@code null}
 */
public record Schedule(
    UUID id,
    UUID agentId,
    String cron,
    ZoneId timezone,
    String jobRole,
    String jobKind,
    JsonObject jobPayload,
    boolean enabled,
    Instant nextRunAt,
    Instant lastRunAt,
    Instant createdAt,
    Instant updatedAt) {}
