package io.agentry.core.testing;

import java.time.Duration;
import java.util.List;

/**
 * One answer of the {@link ScriptedModelServer}: a text reply, tool calls, an error status (with an
 * optional {@code Retry-After}), or malformed output; any of them optionally after a delay. Usage
 * is reported as given by {@link #withUsage}, else estimated by the server, or left out with {@link
 * #withoutUsage}. Streamed text goes out {@code chunkSize} characters a chunk, tool-call arguments
 * too — so arguments are split mid-JSON.
 */
public record ScriptedTurn(
    Kind kind,
    String text,
    List<Call> calls,
    int status,
    String body,
    String retryAfter,
    Duration delay,
    Long inputTokens,
    Long outputTokens,
    boolean omitUsage,
    int chunkSize) {

  /** What the turn answers with. */
  public enum Kind {
    TEXT,
    TOOL_CALLS,
    ERROR,
    MALFORMED
  }

  /** A tool call the scripted model makes; {@code arguments} is sent verbatim. */
  public record Call(String id, String name, String arguments) {}

  private static final int DEFAULT_CHUNK = 4;

  public static ScriptedTurn text(String text) {
    return new ScriptedTurn(
        Kind.TEXT,
        text,
        List.of(),
        200,
        null,
        null,
        Duration.ZERO,
        null,
        null,
        false,
        DEFAULT_CHUNK);
  }

  public static ScriptedTurn toolCalls(Call... calls) {
    return new ScriptedTurn(
        Kind.TOOL_CALLS,
        "",
        List.of(calls),
        200,
        null,
        null,
        Duration.ZERO,
        null,
        null,
        false,
        DEFAULT_CHUNK);
  }

  /** Tool calls with assistant text before them (the model "thinking aloud" as it acts). */
  public static ScriptedTurn toolCallsSaying(String text, Call... calls) {
    return new ScriptedTurn(
        Kind.TOOL_CALLS,
        text,
        List.of(calls),
        200,
        null,
        null,
        Duration.ZERO,
        null,
        null,
        false,
        DEFAULT_CHUNK);
  }

  public static Call call(String id, String name, String arguments) {
    return new Call(id, name, arguments);
  }

  public static ScriptedTurn error(int status, String body) {
    return new ScriptedTurn(
        Kind.ERROR, "", List.of(), status, body, null, Duration.ZERO, null, null, false, 0);
  }

  /** A 200 whose body (or, when streaming, whose one {@code data:} line) is {@code raw}. */
  public static ScriptedTurn malformed(String raw) {
    return new ScriptedTurn(
        Kind.MALFORMED, "", List.of(), 200, raw, null, Duration.ZERO, null, null, false, 0);
  }

  public ScriptedTurn withRetryAfter(String header) {
    return new ScriptedTurn(
        kind,
        text,
        calls,
        status,
        body,
        header,
        delay,
        inputTokens,
        outputTokens,
        omitUsage,
        chunkSize);
  }

  /** Answers only after {@code wait}, e.g. to provoke a client timeout. */
  public ScriptedTurn after(Duration wait) {
    return new ScriptedTurn(
        kind,
        text,
        calls,
        status,
        body,
        retryAfter,
        wait,
        inputTokens,
        outputTokens,
        omitUsage,
        chunkSize);
  }

  public ScriptedTurn withUsage(long input, long output) {
    return new ScriptedTurn(
        kind, text, calls, status, body, retryAfter, delay, input, output, false, chunkSize);
  }

  public ScriptedTurn withoutUsage() {
    return new ScriptedTurn(
        kind, text, calls, status, body, retryAfter, delay, null, null, true, chunkSize);
  }

  public ScriptedTurn inChunksOf(int characters) {
    return new ScriptedTurn(
        kind,
        text,
        calls,
        status,
        body,
        retryAfter,
        delay,
        inputTokens,
        outputTokens,
        omitUsage,
        characters);
  }
}
