package io.agentry.core.llm;

/**
 * Where a provider speaks the chat-completions protocol, and its API key (empty for none, e.g. a
 * local Ollama). {@link #toString()} never shows the key.
 */
public record ProviderEndpoint(String name, String baseUrl, String apiKey) {

  public ProviderEndpoint {
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    apiKey = apiKey == null ? "" : apiKey;
  }

  public boolean hasApiKey() {
    return !apiKey.isEmpty();
  }

  @Override
  public String toString() {
    return name + " " + baseUrl + (hasApiKey() ? " (with API key)" : "");
  }
}
