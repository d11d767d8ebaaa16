package io.agentry.core.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to ask a model. The model itself is chosen by routing on {@link CallContext} unless {@code
 * model} names one as {@code provider/model}. Null {@code temperature}, {@code maxTokens} or {@code
 * timeout} mean the provider's or the configuration's default.
 *
 * <p>A request is <em>deterministic</em> — and its response cacheable — when it is not streamed and
 * its temperature is 0, or when {@code cacheable} says so explicitly.
 */
public record ChatRequest(
    List<ChatMessage> messages,
    List<ToolDefinition> tools,
    String toolChoice,
    Double temperature,
    Integer maxTokens,
    boolean stream,
    Boolean cacheable,
    String model,
    Duration timeout,
    CallContext context) {

  /** Tool choices with a meaning of their own; any other value names the function to call. */
  public static final List<String> TOOL_CHOICE_MODES = List.of("auto", "none", "required");

  public ChatRequest {
    if (messages == null || messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
    context = context == null ? CallContext.none() : context;
    if (maxTokens != null && maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean deterministic() {
    if (cacheable != null) {
      return cacheable;
    }
    return !stream && temperature != null && temperature == 0.0;
  }

  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.messages.addAll(messages);
    builder.tools.addAll(tools);
    builder.toolChoice = toolChoice;
    builder.temperature = temperature;
    builder.maxTokens = maxTokens;
    builder.stream = stream;
    builder.cacheable = cacheable;
    builder.model = model;
    builder.timeout = timeout;
    builder.context = context;
    return builder;
  }

  /** Builds a {@link ChatRequest}; only the messages are required. */
  public static final class Builder {
    private final List<ChatMessage> messages = new ArrayList<>();
    private final List<ToolDefinition> tools = new ArrayList<>();
    private String toolChoice;
    private Double temperature;
    private Integer maxTokens;
    private boolean stream;
    private Boolean cacheable;
    private String model;
    private Duration timeout;
    private CallContext context;

    private Builder() {}

    public Builder message(ChatMessage message) {
      messages.add(Objects.requireNonNull(message));
      return this;
    }

    public Builder messages(List<ChatMessage> more) {
      more.forEach(this::message);
      return this;
    }

    public Builder tool(ToolDefinition tool) {
      tools.add(Objects.requireNonNull(tool));
      return this;
    }

    public Builder toolChoice(String choice) {
      this.toolChoice = choice;
      return this;
    }

    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder maxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    public Builder stream(boolean stream) {
      this.stream = stream;
      return this;
    }

    /** Marks the call cacheable (or not) regardless of temperature and streaming. */
    public Builder cacheable(boolean cacheable) {
      this.cacheable = cacheable;
      return this;
    }

    /** Bypasses routing: {@code provider/model}. */
    public Builder model(String providerAndModel) {
      this.model = providerAndModel;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder context(CallContext context) {
      this.context = context;
      return this;
    }

    public ChatRequest build() {
      return new ChatRequest(
          messages,
          tools,
          toolChoice,
          temperature,
          maxTokens,
          stream,
          cacheable,
          model,
          timeout,
          context);
    }
  }
}
