package io.agentry.core.llm;

/**
 * Token counts without a tokenizer. Usage a provider does not report is estimated at four
 * characters a token (marked estimated). Budget reservations must not come out low, so they count
 * three characters a token plus a per-message overhead.
 */
public final class TokenEstimator {

  private static final int MESSAGE_OVERHEAD = 4;

  private TokenEstimator() {}

  /** The usual estimate: characters / 4, rounded up. */
  public static long estimate(String text) {
    return text == null ? 0 : (text.length() + 3) / 4;
  }

  /** The usual estimate of a request's prompt, for usage a provider left out. */
  public static long promptTokens(ChatRequest request) {
    return (promptCharacters(request) + 3) / 4;
  }

  /** A deliberately high estimate of a request's prompt, for reservations. */
  public static long promptTokensUpperBound(ChatRequest request) {
    return (promptCharacters(request) + 2) / 3
        + (long) MESSAGE_OVERHEAD * request.messages().size();
  }

  private static long promptCharacters(ChatRequest request) {
    long chars = 0;
    for (ChatMessage message : request.messages()) {
      chars += message.characters();
    }
    for (ToolDefinition tool : request.tools()) {
      chars += tool.toJson().encode().length();
    }
    return chars;
  }
}
