package io.agentry.core.llm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One message of a chat-completions conversation. Assistant messages may carry {@link ToolCall}s
 * instead of (or besides) text; a tool result answers one call by its {@code toolCallId}.
 */
public record ChatMessage(Role role, String content, List<ToolCall> toolCalls, String toolCallId) {

  /** The four roles of the protocol; {@link #wire()} is the name on the wire. */
  public enum Role {
    SYSTEM,
    USER,
    ASSISTANT,
    TOOL;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Role fromWire(String wire) {
      for (Role role : values()) {
        if (role.wire().equals(wire)) {
          return role;
        }
      }
      throw ModelCallException.malformed("unknown message role '" + wire + "'");
    }
  }

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    if (role == Role.TOOL && toolCallId == null) {
      throw new IllegalArgumentException("a tool message needs the id of the call it answers");
    }
  }

  public static ChatMessage system(String text) {
    return new ChatMessage(Role.SYSTEM, text, List.of(), null);
  }

  public static ChatMessage user(String text) {
    return new ChatMessage(Role.USER, text, List.of(), null);
  }

  public static ChatMessage assistant(String text) {
    return new ChatMessage(Role.ASSISTANT, text, List.of(), null);
  }

  /** The assistant turn that asked for {@code calls}; send it back before the tool results. */
  public static ChatMessage assistant(String text, List<ToolCall> calls) {
    return new ChatMessage(Role.ASSISTANT, text, calls, null);
  }

  public static ChatMessage toolResult(String toolCallId, String result) {
    return new ChatMessage(Role.TOOL, result, List.of(), toolCallId);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("role", role.wire());
    // Assistant turns with tool calls may have no text; the protocol wants null, not "".
    json.put("content", content);
    if (!toolCalls.isEmpty()) {
      JsonArray calls = new JsonArray();
      toolCalls.forEach(call -> calls.add(call.toJson()));
      json.put("tool_calls", calls);
    }
    if (toolCallId != null) {
      json.put("tool_call_id", toolCallId);
    }
    return json;
  }

  public static ChatMessage fromJson(JsonObject json) {
    JsonArray calls = json.getJsonArray("tool_calls", new JsonArray());
    List<ToolCall> toolCalls = calls.stream().map(c -> ToolCall.fromJson((JsonObject) c)).toList();
    return new ChatMessage(
        Role.fromWire(json.getString("role")),
        json.getString("content"),
        toolCalls,
        json.getString("tool_call_id"));
  }

  /** Characters of everything the model reads from this message, for token estimates. */
  int characters() {
    int chars = content == null ? 0 : content.length();
    for (ToolCall call : toolCalls) {
      chars += call.name().length() + call.arguments().length();
    }
    return chars;
  }
}
