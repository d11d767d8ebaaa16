package io.agentry.core.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JavaScript (V8: Node.js, Deno, Chrome) stack traces: {@code TypeError: message} followed by
 * {@code at function (file:line:column)} lines, innermost first.
 */
final class NodeTraces {

  private static final Pattern AT =
      Pattern.compile("^\\s+at (?:(?:async )?(.+?) \\()?(.+?):\\d+:\\d+\\)?\\s*$");
  private static final Pattern HEADER =
      Pattern.compile("^(?:Uncaught )?([A-Za-z_$][\\w$.]*)(?::\\s?(.*))?$");
  private static final Pattern ALIAS = Pattern.compile(" \\[as [^]]+]$");

  private NodeTraces() {}

  static boolean matches(List<String> lines) {
    return lines.stream().anyMatch(l -> AT.matcher(l).matches());
  }

  /** The first trace: the header right above its first frame, then up to three frames. */
  static Optional<ParsedError> parse(List<String> lines) {
    for (int i = 1; i < lines.size(); i++) {
      if (AT.matcher(lines.get(i)).matches()) {
        Matcher header = HEADER.matcher(lines.get(i - 1).strip());
        if (!header.matches()) {
          return Optional.empty();
        }
        String message = header.group(2) == null ? "" : header.group(2);
        return Optional.of(new ParsedError(header.group(1), message, frames(lines, i)));
      }
    }
    return Optional.empty();
  }

  private static List<String> frames(List<String> lines, int first) {
    List<String> frames = new ArrayList<>();
    for (int i = first; i < lines.size() && frames.size() < ErrorFingerprints.MAX_FRAMES; i++) {
      Matcher at = AT.matcher(lines.get(i));
      if (!at.matches()) {
        break;
      }
      String function = at.group(1) == null ? null : ALIAS.matcher(at.group(1)).replaceAll("");
      frames.add(Frames.frame(at.group(2), function));
    }
    return frames;
  }
}
