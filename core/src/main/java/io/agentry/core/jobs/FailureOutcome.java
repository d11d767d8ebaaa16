package io.agentry.core.jobs;

import java.time.Instant;

/** What a failure led to: a retry at {@code retryAt}, or {@code dead}. */
public record FailureOutcome(long jobId, JobState state, int attempts, Instant retryAt) {}
