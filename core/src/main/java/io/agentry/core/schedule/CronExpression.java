package io.agentry.core.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A standard five-field cron expression: {@code minute hour day-of-month month day-of-week}, with
 * {@code *}, lists ({@code 1,2}), ranges ({@code 1-5}), steps ({@code *}{@code /15}, {@code
 * 10-30/5}), month and weekday names ({@code JAN}, {@code MON-FRI}; 0 and 7 are Sunday) and the
 * macros {@code @yearly}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @hourly}.
 *
 * <p>As in Vixie cron, when both day-of-month and day-of-week are restricted (neither starts with
 * {@code *}) a day matches if <em>either</em> matches: {@code 0 0 1 * MON} fires on the 1st and on
 * every Monday. Otherwise both must match.
 *
 * <p>Times are wall-clock times in the zone of the instant passed to {@link #next}. A time skipped
 * by a daylight-saving gap fires at the same offset after the gap (02:30 becomes 03:30); a time
 * repeated by an overlap fires once, at its first occurrence.
 */
public final class CronExpression {

  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  /** Far enough for any satisfiable expression (a weekday on 29 February recurs within 40). */
  private static final int SEARCH_YEARS = 100;

  private final String expression;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean daysOfMonthRestricted;
  private final boolean daysOfWeekRestricted;

  private CronExpression(String expression, String[] fields) {
    this.expression = expression;
    this.minutes = CronField.MINUTE.parse(fields[0]);
    this.hours = CronField.HOUR.parse(fields[1]);
    this.daysOfMonth = CronField.DAY_OF_MONTH.parse(fields[2]);
    this.months = CronField.MONTH.parse(fields[3]);
    this.daysOfWeek = CronField.DAY_OF_WEEK.parse(fields[4]);
    this.daysOfMonthRestricted = !fields[2].startsWith("*");
    this.daysOfWeekRestricted = !fields[4].startsWith("*");
  }

  /**
   * Parses an expression.
   *
   * @throws IllegalArgumentException naming the expression, the field and what is wrong with it,
   *     also for an expression that can never fire (such as {@code 0 0 30 FEB *})
   */
  public static CronExpression parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("cron expression is empty");
    }
    String trimmed = expression.strip();
    String expanded = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
    if (expanded.startsWith("@")) {
      throw invalid(trimmed, "unknown macro (known: " + String.join(", ", MACROS.keySet()) + ")");
    }
    String[] fields = expanded.split("\\s+");
    if (fields.length != 5) {
      throw invalid(
          trimmed,
          "expected 5 fields (minute hour day-of-month month day-of-week), got " + fields.length);
    }
    CronExpression cron;
    try {
      cron = new CronExpression(trimmed, fields);
    } catch (IllegalArgumentException e) {
      throw invalid(trimmed, e.getMessage());
    }
    cron.checkSatisfiable();
    return cron;
  }

  /** Whether {@code expression} parses; for validation without catching. */
  public static boolean isValid(String expression) {
    try {
      parse(expression);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The first fire time strictly after {@code after}, in {@code after}'s zone. */
  public ZonedDateTime next(ZonedDateTime after) {
    Objects.requireNonNull(after, "after");
    LocalDateTime t = after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDateTime limit = t.plusYears(SEARCH_YEARS);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
        continue;
      }
      if (!dayMatches(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
        continue;
      }
      int hour = hours.nextSetBit(t.getHour());
      if (hour < 0) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
        continue;
      }
      if (hour != t.getHour()) {
        t = t.withHour(hour).withMinute(0);
      }
      int minute = minutes.nextSetBit(t.getMinute());
      if (minute < 0) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
        continue;
      }
      t = t.withMinute(minute);
      ZonedDateTime fire = resolve(t, after);
      if (fire != null) {
        return fire;
      }
      t = t.plusMinutes(1);
    }
    throw new IllegalStateException(
        "cron '" + expression + "' does not fire within " + SEARCH_YEARS + " years after " + after);
  }

  /** The expression as given (macros not expanded). */
  @Override
  public String toString() {
    return expression;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronExpression other && expression.equals(other.expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  private boolean dayMatches(LocalDate date) {
    boolean dom = daysOfMonth.get(date.getDayOfMonth());
    boolean dow = daysOfWeek.get(date.getDayOfWeek().getValue() % 7);
    return daysOfMonthRestricted && daysOfWeekRestricted ? dom || dow : dom && dow;
  }

  /** The wall-clock time {@code t} as an instant after {@code after}, or null if it has none. */
  private static ZonedDateTime resolve(LocalDateTime t, ZonedDateTime after) {
    List<ZoneOffset> offsets = after.getZone().getRules().getValidOffsets(t);
    if (offsets.isEmpty()) {
      return ZonedDateTime.of(t, after.getZone()); // in a gap: shifted forward by its length
    }
    for (ZoneOffset offset : offsets) {
      ZonedDateTime candidate = ZonedDateTime.ofLocal(t, after.getZone(), offset);
      if (candidate.isAfter(after)) {
        return candidate;
      }
    }
    return null; // the earlier pass of an overlap, already behind us
  }

  /** With day-of-week unrestricted, some chosen day must exist in some chosen month. */
  private void checkSatisfiable() {
    if (!daysOfMonthRestricted || daysOfWeekRestricted) {
      return;
    }
    for (int m = months.nextSetBit(1); m >= 0; m = months.nextSetBit(m + 1)) {
      if (daysOfMonth.nextSetBit(1) <= Month.of(m).maxLength()) {
        return;
      }
    }
    throw invalid(expression, "day-of-month never occurs in the chosen month(s)");
  }

  private static IllegalArgumentException invalid(String expression, String detail) {
    return new IllegalArgumentException("cron '" + expression + "': " + detail);
  }
}
