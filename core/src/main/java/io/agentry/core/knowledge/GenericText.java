package io.agentry.core.knowledge;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Any other error text (compiler output, a tool's complaint, a log line): the first line naming an
 * exception type ({@code Error: Cannot find module 'x'}), else the first line saying {@code
 * error}/{@code fatal}/{@code failed}, else the last line (where a crash such as {@code
 * Segmentation fault} ends the output). No frames: such text rarely has any that can be trusted.
 */
final class GenericText {

  private static final Pattern EXCEPTION =
      Pattern.compile("(?<![\\w.])((?:[A-Za-z_][\\w.]*)?(?:Error|Exception))\\b:?\\s*(.*)$");
  private static final Pattern ERROR_WORD =
      Pattern.compile("(?i)(?<![\\w.])(error|fatal|failed|failure)(?![\\w.])\\s*[:!]?\\s*(.*)$");

  private GenericText() {}

  static Optional<ParsedError> parse(List<String> lines) {
    for (Pattern pattern : List.of(EXCEPTION, ERROR_WORD)) {
      for (String line : lines) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          String type = pattern == EXCEPTION ? m.group(1) : m.group(1).toLowerCase();
          return Optional.of(new ParsedError(type, m.group(2).strip(), List.of()));
        }
      }
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isBlank()) {
        return Optional.of(new ParsedError("Unknown", lines.get(i).strip(), List.of()));
      }
    }
    return Optional.empty();
  }
}
