package io.agentry.core.llm.openai;

import io.agentry.core.llm.ChatMessage;
import io.agentry.core.llm.ChatRequest;
import io.agentry.core.llm.ChatResponse;
import io.agentry.core.llm.ModelCallException;
import io.agentry.core.llm.TokenEstimator;
import io.agentry.core.llm.ToolCall;
import io.agentry.core.llm.ToolDefinition;
import io.agentry.core.llm.Usage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI chat-completions wire format: request bodies, and non-streamed response bodies checked
 * strictly, so that a provider's garbage becomes a clear {@code MODEL_ERROR} rather than a
 * NullPointerException three layers up.
 */
public final class ChatCompletionsCodec {

  private ChatCompletionsCodec() {}

  public static JsonObject encodeRequest(String model, ChatRequest request) {
    JsonArray messages = new JsonArray();
    request.messages().forEach(m -> messages.add(m.toJson()));
    JsonObject body = new JsonObject().put("model", model).put("messages", messages);
    if (!request.tools().isEmpty()) {
      JsonArray tools = new JsonArray();
      request.tools().forEach(t -> tools.add(t.toJson()));
      body.put("tools", tools);
    }
    if (request.toolChoice() != null) {
      body.put("tool_choice", toolChoice(request.toolChoice()));
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      body.put("max_tokens", request.maxTokens());
    }
    body.put("stream", request.stream());
    if (request.stream()) {
      // Without this, streamed responses carry no usage at all.
      body.put("stream_options", new JsonObject().put("include_usage", true));
    }
    return body;
  }

  /** The inverse of {@link #encodeRequest}, for servers and recordings that read requests. */
  public static ChatRequest decodeRequest(JsonObject body) {
    ChatRequest.Builder builder = ChatRequest.builder();
    body.getJsonArray("messages")
        .forEach(m -> builder.message(ChatMessage.fromJson((JsonObject) m)));
    body.getJsonArray("tools", new JsonArray())
        .forEach(t -> builder.tool(ToolDefinition.fromJson((JsonObject) t)));
    Object choice = body.getValue("tool_choice");
    if (choice instanceof String mode) {
      builder.toolChoice(mode);
    } else if (choice instanceof JsonObject named) {
      builder.toolChoice(named.getJsonObject("function").getString("name"));
    }
    if (body.getValue("temperature") instanceof Number temperature) {
      builder.temperature(temperature.doubleValue());
    }
    if (body.getInteger("max_tokens") != null) {
      builder.maxTokens(body.getInteger("max_tokens"));
    }
    return builder.stream(body.getBoolean("stream", false)).build();
  }

  public static ChatResponse decodeResponse(Buffer body, ChatRequest request) {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw ModelCallException.malformed(
          "model response is not valid JSON: " + abbreviate(body.toString()));
    }
    JsonObject message = firstChoice(json).getJsonObject("message");
    if (message == null) {
      throw ModelCallException.malformed("model response choice has no message: " + json);
    }
    List<ToolCall> calls = new ArrayList<>();
    for (Object call : message.getJsonArray("tool_calls", new JsonArray())) {
      if (!(call instanceof JsonObject callJson)) {
        throw ModelCallException.malformed("model response has a tool call that is not an object");
      }
      calls.add(ToolCall.fromJson(callJson));
    }
    String content = message.getString("content");
    String finishReason = firstChoice(json).getString("finish_reason");
    return new ChatResponse(
        content,
        calls,
        finishReason,
        usage(json.getJsonObject("usage"), request, content, calls),
        null,
        json.getString("model"),
        false,
        null);
  }

  /** Usage as reported, or estimated from characters (and marked so) when it is missing. */
  static Usage usage(JsonObject usage, ChatRequest request, String content, List<ToolCall> calls) {
    if (usage != null && usage.getValue("prompt_tokens") instanceof Number in) {
      Number out = (Number) usage.getValue("completion_tokens", 0);
      return new Usage(in.longValue(), out.longValue(), false);
    }
    long output = TokenEstimator.estimate(content);
    for (ToolCall call : calls) {
      output += TokenEstimator.estimate(call.name()) + TokenEstimator.estimate(call.arguments());
    }
    return new Usage(TokenEstimator.promptTokens(request), output, true);
  }

  private static JsonObject firstChoice(JsonObject json) {
    if (json.getValue("error") != null) {
      throw ModelCallException.malformed(
          "model provider reported an error: " + json.getValue("error"));
    }
    JsonArray choices = json.getValue("choices") instanceof JsonArray array ? array : null;
    if (choices == null || choices.isEmpty() || !(choices.getValue(0) instanceof JsonObject)) {
      throw ModelCallException.malformed(
          "model response has no choices: " + abbreviate(json.encode()));
    }
    return choices.getJsonObject(0);
  }

  private static Object toolChoice(String choice) {
    if (ChatRequest.TOOL_CHOICE_MODES.contains(choice)) {
      return choice;
    }
    return new JsonObject()
        .put("type", "function")
        .put("function", new JsonObject().put("name", choice));
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
