package io.agentry.core.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python tracebacks. A chained traceback prints the root cause first; that first traceback is the
 * one fingerprinted, as it names what actually went wrong.
 */
final class PythonTraces {

  private static final String START = "Traceback (most recent call last):";
  private static final Pattern FRAME =
      Pattern.compile("^\\s*File \"(.+?)\", line \\d+(?:, in (.+?))?\\s*$");
  private static final Pattern EXCEPTION = Pattern.compile("^([A-Za-z_][\\w.]*)(?::\\s?(.*))?$");

  private PythonTraces() {}

  static boolean matches(List<String> lines) {
    return lines.stream().anyMatch(l -> l.strip().endsWith(START));
  }

  static Optional<ParsedError> parse(List<String> lines) {
    int i = 0;
    while (i < lines.size() && !lines.get(i).strip().endsWith(START)) {
      i++;
    }
    List<String> frames = new ArrayList<>();
    for (i++; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher frame = FRAME.matcher(line);
      if (frame.matches()) {
        frames.add(Frames.frame(frame.group(1), frame.group(2)));
      } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        Matcher exception = EXCEPTION.matcher(line.strip());
        if (!exception.matches()) {
          return Optional.empty();
        }
        String message = exception.group(2) == null ? "" : exception.group(2);
        return Optional.of(
            new ParsedError(
                exception.group(1),
                message,
                Frames.innermost(frames, ErrorFingerprints.MAX_FRAMES)));
      }
    }
    return Optional.empty();
  }
}
