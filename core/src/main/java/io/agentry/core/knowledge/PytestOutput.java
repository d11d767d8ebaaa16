package io.agentry.core.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pytest output. The first failure is fingerprinted: its {@code E} lines give the message, the
 * location line after them ({@code src/calc.py:2: ZeroDivisionError}) the type, and the entries of
 * its section the frames — in {@code --tb=short} form ({@code path.py:12: in func}) or in long
 * form, where the function is the {@code def} shown above the location line. Output without {@code
 * E} lines (e.g. {@code --tb=no}) falls back to the short test summary ({@code FAILED
 * tests/test_x.py::test_y - ZeroDivisionError: ...}), whose only frame is the test itself.
 */
final class PytestOutput {

  private static final Pattern E_LINE = Pattern.compile("^E\\s+(\\S.*)$");
  private static final Pattern SHORT_LOCATION =
      Pattern.compile("^(\\S+?\\.py):\\d+: in (\\S+)\\s*$");
  private static final Pattern LONG_LOCATION =
      Pattern.compile("^(\\S+?\\.py):\\d+:(?: ([A-Za-z_][\\w.]*))?\\s*$");
  private static final Pattern DEF = Pattern.compile("^[\\s>]*(?:async\\s+)?def\\s+(\\w+)\\s*\\(");
  private static final Pattern SECTION = Pattern.compile("^_{3,} .+ _{3,}$");
  private static final Pattern BANNER = Pattern.compile("^={3,}.*$");
  private static final Pattern SUMMARY =
      Pattern.compile("^(FAILED|ERROR) (\\S+?\\.py)(?:::(\\S+?))?(?: - (.*))?\\s*$");
  private static final Pattern TYPED =
      Pattern.compile(
          "^([A-Za-z_][\\w.]*(?:Error|Exception|Warning|Exit|Interrupt|Failed|Failure|Iteration"
              + "|Timeout))(?::\\s?(.*))?$");

  private PytestOutput() {}

  static boolean matches(List<String> lines) {
    return lines.stream().anyMatch(l -> E_LINE.matcher(l).matches() || isSummary(l));
  }

  static Optional<ParsedError> parse(List<String> lines) {
    int first = indexOf(lines, 0, E_LINE);
    return first < 0 ? summary(lines) : failure(lines, first);
  }

  private static Optional<ParsedError> failure(List<String> lines, int firstE) {
    int start = firstE;
    while (start > 0 && !SECTION.matcher(lines.get(start)).matches()) {
      start--;
    }
    int afterE = firstE;
    while (afterE < lines.size() && E_LINE.matcher(lines.get(afterE)).matches()) {
      afterE++;
    }
    int location = -1;
    for (int i = afterE; i < lines.size() && i <= afterE + 2; i++) {
      if (LONG_LOCATION.matcher(lines.get(i)).matches()) {
        location = i;
        break;
      }
    }
    int end = location >= 0 ? location : afterE - 1;
    List<String> frames = frames(lines, start, end);
    String locatedType = location < 0 ? null : typeAt(lines.get(location));
    Matcher e = E_LINE.matcher(lines.get(firstE));
    e.matches();
    return Optional.of(typed(e.group(1).strip(), locatedType, frames));
  }

  private static List<String> frames(List<String> lines, int start, int end) {
    List<String> frames = new ArrayList<>();
    String lastDef = null;
    for (int i = start; i <= end; i++) {
      String line = lines.get(i);
      Matcher m;
      if ((m = SHORT_LOCATION.matcher(line)).matches()) {
        frames.add(Frames.frame(m.group(1), m.group(2)));
        lastDef = null;
      } else if ((m = LONG_LOCATION.matcher(line)).matches()) {
        frames.add(Frames.frame(m.group(1), lastDef));
        lastDef = null;
      } else if ((m = DEF.matcher(line)).find()) {
        lastDef = m.group(1);
      }
    }
    return Frames.innermost(frames, ErrorFingerprints.MAX_FRAMES);
  }

  private static Optional<ParsedError> summary(List<String> lines) {
    for (String line : lines) {
      Matcher m = SUMMARY.matcher(line);
      if (m.matches()) {
        List<String> frames = List.of(Frames.frame(m.group(2), testName(m.group(3))));
        String text = m.group(4) == null ? "" : untruncated(m.group(4).strip());
        String fallback = m.group(1).equals("FAILED") ? "Failed" : "Error";
        return Optional.of(typed(text, text.isEmpty() ? fallback : null, frames));
      }
    }
    return Optional.empty();
  }

  /**
   * Type and message of a failure line: {@code KeyError: 'x'} names its type; a bare {@code assert
   * 4 == 5} is an AssertionError. A type known from elsewhere (the location line) wins.
   */
  private static ParsedError typed(String text, String knownType, List<String> frames) {
    Matcher m = TYPED.matcher(text);
    String type;
    String message = text;
    if (m.matches() && (knownType == null || sameType(m.group(1), knownType))) {
      type = m.group(1);
      message = m.group(2) == null ? "" : m.group(2);
    } else if (knownType != null) {
      type = knownType;
    } else {
      type = text.startsWith("assert") ? "AssertionError" : "Error";
    }
    return new ParsedError(type, message, frames);
  }

  /** The type a long-form location line ends with, or null. */
  private static String typeAt(String locationLine) {
    Matcher m = LONG_LOCATION.matcher(locationLine);
    return m.matches() ? m.group(2) : null;
  }

  /** pytest names the type by its short name on the location line, qualified on the E line. */
  private static boolean sameType(String qualified, String shortName) {
    return qualified.equals(shortName) || qualified.endsWith("." + shortName);
  }

  /**
   * The summary cuts messages to the terminal width and marks the cut with "...": what is left is
   * all there is, so the fingerprint of summary-only output depends on that width.
   */
  private static String untruncated(String message) {
    return message.endsWith("...") ? message.substring(0, message.length() - 3) : message;
  }

  /** {@code TestCalc::test_div[0-1]} is test {@code test_div}. */
  private static String testName(String nodePath) {
    if (nodePath == null) {
      return null;
    }
    int sep = nodePath.lastIndexOf("::");
    return sep >= 0 ? nodePath.substring(sep + 2) : nodePath;
  }

  private static boolean isSummary(String line) {
    return SUMMARY.matcher(line).matches();
  }

  private static int indexOf(List<String> lines, int from, Pattern pattern) {
    for (int i = from; i < lines.size(); i++) {
      if (pattern.matcher(lines.get(i)).matches()) {
        return i;
      }
    }
    return -1;
  }
}
