package io.agentry.core.llm.openai;

import io.agentry.core.llm.ChatRequest;
import io.agentry.core.llm.ChatResponse;
import io.agentry.core.llm.ModelCallException;
import io.agentry.core.llm.ToolCall;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Turns a Server-Sent-Events chat-completions stream, fed line by line, into one {@link
 * ChatResponse}. Text deltas are concatenated and passed on as they come; tool calls arrive in
 * pieces keyed by {@code index} — id and name usually first, the arguments split anywhere, even
 * mid-JSON — and are glued back together here. Usage comes in a last chunk with no choices when
 * {@code stream_options.include_usage} was asked for.
 */
final class StreamAssembler {

  private final ChatRequest request;
  private final Consumer<String> onDelta;
  private final StringBuilder content = new StringBuilder();
  private final Map<Integer, PartialCall> calls = new TreeMap<>();
  private JsonObject usage;
  private String model;
  private String finishReason;
  private boolean done;

  private static final class PartialCall {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }

  StreamAssembler(ChatRequest request, Consumer<String> onDelta) {
    this.request = request;
    this.onDelta = onDelta;
  }

  /** One line of the event stream, without its line break. */
  void line(String raw) {
    String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
    if (done || line.isEmpty() || line.startsWith(":") || !line.startsWith("data:")) {
      return; // blank lines end events; ':' lines are keep-alive comments; no other fields matter
    }
    String data = line.substring("data:".length()).trim();
    if (data.equals("[DONE]")) {
      done = true;
      return;
    }
    chunk(parse(data));
  }

  /** The assembled response once the stream has ended; fails if it ended too early. */
  ChatResponse finish() {
    if (!done && finishReason == null) {
      throw ModelCallException.malformed("model stream ended before [DONE] or a finish_reason");
    }
    List<ToolCall> toolCalls = new ArrayList<>();
    for (Map.Entry<Integer, PartialCall> entry : calls.entrySet()) {
      PartialCall call = entry.getValue();
      if (call.id == null || call.name == null) {
        throw ModelCallException.malformed(
            "streamed tool call at index " + entry.getKey() + " has no id or function name");
      }
      toolCalls.add(new ToolCall(call.id, call.name, call.arguments.toString()));
    }
    String text = content.toString();
    return new ChatResponse(
        text,
        toolCalls,
        finishReason,
        ChatCompletionsCodec.usage(usage, request, text, toolCalls),
        null,
        model,
        false,
        null);
  }

  private static JsonObject parse(String data) {
    try {
      return new JsonObject(data);
    } catch (DecodeException | ClassCastException e) {
      throw ModelCallException.malformed(
          "model stream chunk is not valid JSON: " + ChatCompletionsCodec.abbreviate(data));
    }
  }

  private void chunk(JsonObject chunk) {
    if (chunk.getValue("error") != null) {
      throw ModelCallException.malformed("model provider reported an error mid-stream: " + chunk);
    }
    if (chunk.getValue("usage") instanceof JsonObject reported) {
      usage = reported;
    }
    if (chunk.getString("model") != null) {
      model = chunk.getString("model");
    }
    JsonArray choices = chunk.getValue("choices") instanceof JsonArray a ? a : new JsonArray();
    for (Object choice : choices) {
      if (!(choice instanceof JsonObject c) || c.getInteger("index", 0) != 0) {
        continue; // we never ask for n > 1
      }
      if (c.getString("finish_reason") != null) {
        finishReason = c.getString("finish_reason");
      }
      if (c.getValue("delta") instanceof JsonObject delta) {
        delta(delta);
      }
    }
  }

  private void delta(JsonObject delta) {
    String text = delta.getString("content");
    if (text != null && !text.isEmpty()) {
      content.append(text);
      onDelta.accept(text);
    }
    if (!(delta.getValue("tool_calls") instanceof JsonArray pieces)) {
      return;
    }
    for (Object item : pieces) {
      if (!(item instanceof JsonObject piece) || piece.getInteger("index") == null) {
        throw ModelCallException.malformed("streamed tool-call piece without an index: " + item);
      }
      PartialCall call = calls.computeIfAbsent(piece.getInteger("index"), i -> new PartialCall());
      if (piece.getString("id") != null) {
        call.id = piece.getString("id");
      }
      if (piece.getValue("function") instanceof JsonObject function) {
        if (function.getString("name") != null) {
          call.name = function.getString("name");
        }
        if (function.getString("arguments") != null) {
          call.arguments.append(function.getString("arguments"));
        }
      }
    }
  }
}
