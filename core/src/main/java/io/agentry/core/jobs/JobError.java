package io.agentry.core.jobs;

import java.time.Instant;

/** One entry of a job's error history; every failed attempt keeps one. */
public record JobError(long jobId, int attempt, JobFailure failure, Instant at) {}
