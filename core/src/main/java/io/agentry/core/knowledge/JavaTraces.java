package io.agentry.core.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java (and other JVM) stack traces. The root cause — the last {@code Caused by:} — is the one
 * fingerprinted: wrappers such as {@code RuntimeException: java.io.IOException: ...} differ from
 * framework to framework, the cause does not. Its frames are listed innermost first already.
 */
final class JavaTraces {

  private static final Pattern AT =
      Pattern.compile("^\\s+at\\s+(?:[\\w.$@-]+/)?([\\w$.<>]+)\\.([\\w$<>]+)\\(([^)]*)\\)\\s*$");
  private static final Pattern HEADER =
      Pattern.compile(
          "^(?:Exception in thread \"[^\"]*\"\\s+)?(Caused by:\\s+)?"
              + "([a-zA-Z_$][\\w$]*(?:\\.[a-zA-Z_$][\\w$]*)+)(?::\\s?(.*))?$");

  private JavaTraces() {}

  static boolean matches(List<String> lines) {
    return lines.stream().anyMatch(l -> AT.matcher(l).matches());
  }

  static Optional<ParsedError> parse(List<String> lines) {
    String type = null;
    String message = null;
    List<String> frames = new ArrayList<>();
    int atLines = 0;
    boolean inChosen = false;
    for (String line : lines) {
      Matcher at = AT.matcher(line);
      if (at.matches()) {
        if (inChosen && atLines++ < ErrorFingerprints.MAX_FRAMES) {
          frames.add(frame(at.group(1), at.group(2), at.group(3)));
        }
        continue;
      }
      if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
        inChosen = inChosen && !line.strip().startsWith("Suppressed:");
        continue;
      }
      Matcher header = HEADER.matcher(line.strip());
      // The first exception with frames (a header without any is a log line that looked like
      // one), then every cause after it: the last one seen is the root.
      if (header.matches() && (type == null || atLines == 0 || header.group(1) != null)) {
        type = header.group(2);
        message = header.group(3) == null ? "" : header.group(3);
        frames.clear();
        atLines = 0;
        inChosen = true;
      } else {
        inChosen = inChosen && atLines == 0; // the rest of a message that spans lines
      }
    }
    return type == null ? Optional.empty() : Optional.of(new ParsedError(type, message, frames));
  }

  private static String frame(String className, String method, String location) {
    int colon = location.indexOf(':');
    String file = colon > 0 ? location.substring(0, colon) : location;
    if (!file.contains(".")) { // "Native Method", "Unknown Source"
      int dot = className.lastIndexOf('.');
      file = className.substring(dot + 1);
    }
    return Frames.frame(file, method);
  }
}
