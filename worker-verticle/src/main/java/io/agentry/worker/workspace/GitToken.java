package io.agentry.worker.workspace;

/**
 * Credentials for a remote: a user name and a token (from the environment, e.g. {@code
 * AGENTRY_TOOLS_GIT_TOKEN}). {@link #toString()} never shows the token.
 */
public record GitToken(String user, String token) {

  public static final GitToken NONE = new GitToken("", "");

  public boolean present() {
    return token != null && !token.isEmpty();
  }

  /** Removes the token from a text (an error message from a transport, say). */
  public String redact(String text) {
    return text == null || !present() ? text : text.replace(token, "***");
  }

  @Override
  public String toString() {
    return "GitToken[user=" + user + ", token=" + (present() ? "***" : "none") + "]";
  }
}
