package io.agentry.core.jobs;

import java.util.List;

/**
 * What a claim got. {@code cappedByRoleLimit}: the role's concurrency limit, not the queue, is what
 * let it take no more (it took every place left), so more jobs may be due than it got.
 */
public record Claimed(List<Job> jobs, boolean cappedByRoleLimit) {}
