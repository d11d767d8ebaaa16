package io.agentry.core.llm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * A model's answer: text and/or tool calls, why it stopped, what it cost in tokens, which provider
 * and model answered, whether it came from the cache, and the id of its {@code model_calls} row
 * (null when no usage store recorded it).
 */
public record ChatResponse(
    String content,
    List<ToolCall> toolCalls,
    String finishReason,
    Usage usage,
    String provider,
    String model,
    boolean cached,
    UUID callId) {

  public ChatResponse {
    content = content == null ? "" : content;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    usage = usage == null ? Usage.NONE : usage;
  }

  public boolean hasToolCalls() {
    return !toolCalls.isEmpty();
  }

  /** The assistant message to append to the conversation before sending tool results back. */
  public ChatMessage toMessage() {
    return ChatMessage.assistant(content.isEmpty() && hasToolCalls() ? null : content, toolCalls);
  }

  public ChatResponse withOrigin(String provider, String model) {
    return new ChatResponse(
        content, toolCalls, finishReason, usage, provider, model, cached, callId);
  }

  public ChatResponse withUsage(Usage usage) {
    return new ChatResponse(
        content, toolCalls, finishReason, usage, provider, model, cached, callId);
  }

  public ChatResponse asCached(UUID callId) {
    return new ChatResponse(content, toolCalls, finishReason, usage, provider, model, true, callId);
  }

  public ChatResponse withCallId(UUID callId) {
    return new ChatResponse(
        content, toolCalls, finishReason, usage, provider, model, cached, callId);
  }

  /** The durable form, used by the response cache and by recordings. */
  public JsonObject toJson() {
    JsonArray calls = new JsonArray();
    toolCalls.forEach(call -> calls.add(call.toJson()));
    return new JsonObject()
        .put("content", content)
        .put("toolCalls", calls)
        .put("finishReason", finishReason)
        .put("usage", usage.toJson())
        .put("provider", provider)
        .put("model", model);
  }

  public static ChatResponse fromJson(JsonObject json) {
    List<ToolCall> calls =
        json.getJsonArray("toolCalls", new JsonArray()).stream()
            .map(c -> ToolCall.fromJson((JsonObject) c))
            .toList();
    return new ChatResponse(
        json.getString("content"),
        calls,
        json.getString("finishReason"),
        Usage.fromJson(json.getJsonObject("usage")),
        json.getString("provider"),
        json.getString("model"),
        false,
        null);
  }
}
