package io.agentry.worker.sandbox;

import io.vertx.core.json.JsonObject;

/**
 * What a sandboxed command did. {@code signal} names the signal that ended it (e.g. {@code KILL},
 * {@code XCPU}) or is null; {@code timedOut} means the wall-clock limit killed the whole process
 * tree; {@code outputTruncated} means at least one stream went over the cap and carries a marker;
 * {@code memoryLimit} says how memory was limited for this run and whether the limit was hit.
 */
public record SandboxResult(
    int exitCode,
    String signal,
    boolean timedOut,
    String stdout,
    String stderr,
    boolean outputTruncated,
    long elapsedMs,
    String memoryLimit) {

  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("exitCode", exitCode)
        .put("signal", signal)
        .put("timedOut", timedOut)
        .put("stdout", stdout)
        .put("stderr", stderr)
        .put("outputTruncated", outputTruncated)
        .put("elapsedMs", elapsedMs)
        .put("memoryLimit", memoryLimit);
  }
}
