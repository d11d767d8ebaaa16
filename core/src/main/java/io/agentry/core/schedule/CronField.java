package io.agentry.core.schedule;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * One field of a cron expression, parsed into the set of values it allows. Understands {@code *},
 * single values, names ({@code JAN}, {@code MON}, in any case), ranges {@code a-b}, steps {@code *
 * /n}, {@code a-b/n} and {@code a/n} (from a to the end), and comma-separated lists of those.
 */
final class CronField {

  static final CronField MINUTE = new CronField("minute", 0, 59, List.of());
  static final CronField HOUR = new CronField("hour", 0, 23, List.of());
  static final CronField DAY_OF_MONTH = new CronField("day-of-month", 1, 31, List.of());
  static final CronField MONTH =
      new CronField(
          "month",
          1,
          12,
          List.of(
              "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"));

  /** 0 and 7 are both Sunday, as in Vixie cron. */
  static final CronField DAY_OF_WEEK =
      new CronField("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

  private final String name;
  private final int min;
  private final int max;

  /** Names for the values from {@code min} on, upper case. */
  private final List<String> names;

  private CronField(String name, int min, int max, List<String> names) {
    this.name = name;
    this.min = min;
    this.max = max;
    this.names = names;
  }

  String name() {
    return name;
  }

  /** The values allowed by {@code text}; messages name the field and the offending part. */
  BitSet parse(String text) {
    BitSet values = new BitSet(max + 1);
    for (String part : text.split(",", -1)) {
      parsePart(part, values);
    }
    if (this == DAY_OF_WEEK && values.get(7)) {
      values.clear(7);
      values.set(0);
    }
    return values;
  }

  private void parsePart(String part, BitSet values) {
    if (part.isEmpty()) {
      throw fail("has an empty list element");
    }
    String range = part;
    int step = 1;
    int slash = part.indexOf('/');
    if (slash >= 0) {
      range = part.substring(0, slash);
      step = parseStep(part.substring(slash + 1), part);
    }
    int from;
    int to;
    if (range.equals("*")) {
      from = min;
      to = max;
    } else {
      int dash = range.indexOf('-');
      if (dash >= 0) {
        from = parseValue(range.substring(0, dash));
        to = parseValue(range.substring(dash + 1));
        if (from > to) {
          throw fail("range '" + range + "' runs backwards");
        }
      } else {
        from = parseValue(range);
        // "a/n" means every n-th value from a to the end of the field.
        to = slash >= 0 ? max : from;
      }
    }
    for (int v = from; v <= to; v += step) {
      values.set(v);
    }
  }

  private int parseStep(String text, String part) {
    try {
      int step = Integer.parseInt(text);
      if (step < 1) {
        throw fail("step in '" + part + "' must be at least 1");
      }
      return step;
    } catch (NumberFormatException e) {
      throw fail("step in '" + part + "' is not a number");
    }
  }

  private int parseValue(String text) {
    int named = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return min + named;
    }
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw fail(
          "value '"
              + text
              + "' is not a number"
              + (names.isEmpty() ? "" : " or one of " + String.join(", ", names)));
    }
    if (value < min || value > max) {
      throw fail("value " + value + " is out of range " + min + "-" + max);
    }
    return value;
  }

  private IllegalArgumentException fail(String detail) {
    return new IllegalArgumentException(name + " field: " + detail);
  }
}
