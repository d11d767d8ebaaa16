package io.agentry.core.jobs;

/** The id of the job; {@code created} is false when an existing job had the idempotency key. */
public record EnqueueResult(long jobId, boolean created) {}
