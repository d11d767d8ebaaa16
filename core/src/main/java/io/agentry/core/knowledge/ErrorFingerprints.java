package io.agentry.core.knowledge;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fingerprints error text so that the same error gets the same fingerprint in every project and
 * workspace. Recognised, in this order: pytest output ({@code E} lines, or the short test summary),
 * JVM stack traces (the root cause), JavaScript (V8) stack traces, Python tracebacks (the root
 * cause), and any other text (the first line that names an error, else the last line). The message
 * is normalised (see {@link MessageNormalizer}); the frames are the innermost {@value #MAX_FRAMES}
 * as {@code file-basename:function}; the hash is SHA-256 over type, message and frames.
 */
public final class ErrorFingerprints {

  public static final int MAX_FRAMES = 3;

  /** Longer text is cut to its head and tail, where test runners put what matters. */
  public static final int MAX_INPUT = 1_000_000;

  private static final int MAX_TYPE = 200;

  private ErrorFingerprints() {}

  /**
   * The fingerprint of an error text: a traceback, test-runner output, a stack trace or a message.
   *
   * @throws AgentryException {@code BAD_USER_INPUT} when the text is null or blank
   */
  public static ErrorFingerprint of(String errorText) {
    if (errorText == null || errorText.isBlank()) {
      throw new AgentryException(ErrorCode.BAD_USER_INPUT, "errorText must not be blank");
    }
    // NUL bytes (from binary output) are no part of any message, and PostgreSQL text refuses them.
    String text = Ansi.strip(headAndTail(errorText)).replace("\u0000", "");
    List<String> lines = text.lines().toList();
    ParsedError parsed = parse(lines);
    String type = MessageNormalizer.cap(parsed.type().strip(), MAX_TYPE);
    return ErrorFingerprint.of(
        type.isEmpty() ? "Unknown" : type,
        MessageNormalizer.normalize(parsed.message()),
        parsed.frames());
  }

  /** SHA-256 (lowercase hex) over type, normalised message and frames. */
  public static String hash(String type, String normalizedMessage, List<String> frames) {
    String canonical = type + "\n" + normalizedMessage + "\n" + String.join("\n", frames);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether {@code value} has the shape of a fingerprint hash. */
  public static boolean isHash(String value) {
    return value != null
        && value.length() == 64
        && value.equals(value.toLowerCase(Locale.ROOT))
        && value.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  private static ParsedError parse(List<String> lines) {
    Optional<ParsedError> found = Optional.empty();
    if (PytestOutput.matches(lines)) {
      found = PytestOutput.parse(lines);
    }
    if (found.isEmpty() && JavaTraces.matches(lines)) {
      found = JavaTraces.parse(lines);
    }
    if (found.isEmpty() && NodeTraces.matches(lines)) {
      found = NodeTraces.parse(lines);
    }
    if (found.isEmpty() && PythonTraces.matches(lines)) {
      found = PythonTraces.parse(lines);
    }
    return found
        .or(() -> GenericText.parse(lines))
        .orElseGet(() -> new ParsedError("Unknown", "", List.of()));
  }

  private static String headAndTail(String text) {
    if (text.length() <= MAX_INPUT) {
      return text;
    }
    int half = MAX_INPUT / 2;
    return text.substring(0, half) + "\n" + text.substring(text.length() - half);
  }
}
