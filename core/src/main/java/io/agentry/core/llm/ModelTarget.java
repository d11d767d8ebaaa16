package io.agentry.core.llm;

/** A model at a provider, written {@code provider/model} (the model part may hold more slashes). */
public record ModelTarget(String provider, String model) {

  public static ModelTarget parse(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not provider/model");
    }
    return new ModelTarget(text.substring(0, slash).trim(), text.substring(slash + 1).trim());
  }

  @Override
  public String toString() {
    return provider + "/" + model;
  }
}
