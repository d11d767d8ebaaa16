package io.agentry.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing and next-fire computation of five-field cron expressions. */
class CronExpressionTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** expression, after (UTC), expected next fire (UTC). 2026-01-01 is a Thursday. */
  @ParameterizedTest(name = "{0} after {1} → {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "* * * * *         | 2026-01-01T10:00:00   | 2026-01-01T10:01:00",
        "* * * * *         | 2026-01-01T10:00:59.9 | 2026-01-01T10:01:00",
        "*/15 * * * *      | 2026-01-01T10:07:00   | 2026-01-01T10:15:00",
        "*/15 * * * *      | 2026-01-01T10:45:00   | 2026-01-01T11:00:00",
        "*/15 * * * *      | 2026-01-01T23:50:00   | 2026-01-02T00:00:00",
        "10-30/5 * * * *   | 2026-01-01T10:12:00   | 2026-01-01T10:15:00",
        "10-30/5 * * * *   | 2026-01-01T10:30:00   | 2026-01-01T11:10:00",
        "5/20 * * * *      | 2026-01-01T10:26:00   | 2026-01-01T10:45:00",
        "0 9,17 * * *      | 2026-01-01T09:00:00   | 2026-01-01T17:00:00",
        "0 9,17 * * *      | 2026-01-01T17:00:00   | 2026-01-02T09:00:00",
        "30 9-17/4 * * *   | 2026-01-01T13:31:00   | 2026-01-01T17:30:00",
        "0 9-17 * * MON-FRI | 2026-01-02T18:00:00  | 2026-01-05T09:00:00",
        "0 9-17 * * 1-5    | 2026-01-02T17:00:00   | 2026-01-05T09:00:00",
        "0 0 * * SUN       | 2026-01-01T00:00:00   | 2026-01-04T00:00:00",
        "0 0 * * 7         | 2026-01-01T00:00:00   | 2026-01-04T00:00:00",
        "0 0 * * 0         | 2026-01-01T00:00:00   | 2026-01-04T00:00:00",
        "0 0 * * sat,sun   | 2026-01-01T00:00:00   | 2026-01-03T00:00:00",
        "0 0 1 jan *       | 2026-01-01T00:00:00   | 2027-01-01T00:00:00",
        "0 0 1 */3 *       | 2026-01-01T00:00:00   | 2026-04-01T00:00:00",
        "0 12 31 * *       | 2026-01-31T12:00:00   | 2026-03-31T12:00:00",
        "0 0 29 2 *        | 2026-03-01T00:00:00   | 2028-02-29T00:00:00",
        "0 0 13 * FRI      | 2026-02-12T00:00:00   | 2026-02-13T00:00:00",
        "0 0 13 * FRI      | 2026-03-06T00:00:00   | 2026-03-13T00:00:00",
        "0 0 1 * MON       | 2026-01-01T00:00:00   | 2026-01-05T00:00:00",
        "0 0 */2 * MON     | 2026-01-01T00:00:00   | 2026-01-05T00:00:00",
        "0 0 */2 * FRI     | 2026-01-01T00:00:00   | 2026-01-09T00:00:00",
        "59 23 31 12 *     | 2026-01-01T00:00:00   | 2026-12-31T23:59:00",
        "@hourly           | 2026-01-01T10:00:00   | 2026-01-01T11:00:00",
        "@daily            | 2026-01-01T10:00:00   | 2026-01-02T00:00:00",
        "@weekly           | 2026-01-01T10:00:00   | 2026-01-04T00:00:00",
        "@monthly          | 2026-01-01T10:00:00   | 2026-02-01T00:00:00",
        "@YEARLY           | 2026-01-01T10:00:00   | 2027-01-01T00:00:00",
      })
  void next_fire_time(String expression, String after, String expected) {
    ZonedDateTime from = ZonedDateTime.parse(after + "Z").withZoneSameInstant(UTC);

    ZonedDateTime next = CronExpression.parse(expression).next(from);

    assertThat(next).isEqualTo(ZonedDateTime.parse(expected + "Z").withZoneSameInstant(UTC));
  }

  @Test
  void both_day_fields_restricted_means_either_matches() {
    // The 1st of the month or any Monday; 2026-01-05 and 2026-01-12 are Mondays.
    List<ZonedDateTime> fires = fires("0 0 1 * MON", "2025-12-31T12:00:00Z", 4);

    assertThat(fires)
        .extracting(ZonedDateTime::toString)
        .containsExactly(
            "2026-01-01T00:00Z[UTC]",
            "2026-01-05T00:00Z[UTC]",
            "2026-01-12T00:00Z[UTC]",
            "2026-01-19T00:00Z[UTC]");
  }

  @Test
  void a_star_step_in_day_of_month_counts_as_unrestricted_so_both_must_match() {
    // Odd days that are also Fridays: 9th, 23rd of January 2026, then 13th of February.
    assertThat(fires("0 0 */2 * FRI", "2026-01-01T00:00:00Z", 3))
        .extracting(ZonedDateTime::toString)
        .containsExactly(
            "2026-01-09T00:00Z[UTC]", "2026-01-23T00:00Z[UTC]", "2026-02-13T00:00Z[UTC]");
  }

  @Test
  void every_fire_of_a_step_expression_over_a_day() {
    List<ZonedDateTime> fires = fires("0 */6 * * *", "2026-01-01T00:00:00Z", 5);

    assertThat(fires).extracting(z -> z.getHour()).containsExactly(6, 12, 18, 0, 6);
  }

  @Test
  void fire_times_are_wall_clock_times_of_the_zone_given() {
    ZonedDateTime after = ZonedDateTime.of(2026, 1, 1, 12, 0, 0, 0, NEW_YORK);

    ZonedDateTime next = CronExpression.parse("0 9 * * *").next(after);

    assertThat(next.getZone()).isEqualTo(NEW_YORK);
    assertThat(next.toLocalDateTime().toString()).isEqualTo("2026-01-02T09:00");
    assertThat(next.toInstant().toString()).isEqualTo("2026-01-02T14:00:00Z");
  }

  @Test
  void a_time_skipped_by_daylight_saving_fires_just_after_the_gap() {
    // New York springs forward on 2026-03-08 at 02:00 → 03:00.
    CronExpression cron = CronExpression.parse("30 2 * * *");
    ZonedDateTime after = ZonedDateTime.of(2026, 3, 8, 1, 0, 0, 0, NEW_YORK);

    ZonedDateTime first = cron.next(after);
    ZonedDateTime second = cron.next(first);

    assertThat(first.toString()).isEqualTo("2026-03-08T03:30-04:00[America/New_York]");
    assertThat(second.toString()).isEqualTo("2026-03-09T02:30-04:00[America/New_York]");
  }

  @Test
  void a_time_repeated_by_daylight_saving_fires_once() {
    // New York falls back on 2026-11-01 at 02:00 → 01:00: 01:30 happens twice.
    CronExpression cron = CronExpression.parse("30 1 * * *");
    ZonedDateTime after = ZonedDateTime.of(2026, 11, 1, 0, 0, 0, 0, NEW_YORK);

    ZonedDateTime first = cron.next(after);
    ZonedDateTime second = cron.next(first);

    assertThat(first.toString()).isEqualTo("2026-11-01T01:30-04:00[America/New_York]");
    assertThat(second.toString()).isEqualTo("2026-11-02T01:30-05:00[America/New_York]");
  }

  @Test
  void inside_the_repeated_hour_the_later_pass_still_fires() {
    ZonedDateTime secondPass =
        ZonedDateTime.of(2026, 11, 1, 1, 10, 0, 0, NEW_YORK).withLaterOffsetAtOverlap();

    ZonedDateTime next = CronExpression.parse("*/15 * * * *").next(secondPass);

    assertThat(next.toString()).isEqualTo("2026-11-01T01:15-05:00[America/New_York]");
    assertThat(next.isAfter(secondPass)).isTrue();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "* * * *           | expected 5 fields (minute hour day-of-month month day-of-week), got 4",
        "* * * * * *       | expected 5 fields",
        "60 * * * *        | minute field: value 60 is out of range 0-59",
        "* 24 * * *        | hour field: value 24 is out of range 0-23",
        "* * 0 * *         | day-of-month field: value 0 is out of range 1-31",
        "* * 32 * *        | day-of-month field: value 32",
        "* * * 13 *        | month field: value 13 is out of range 1-12",
        "* * * * 8         | day-of-week field: value 8 is out of range 0-7",
        "* * * FOO *       | month field: value 'FOO' is not a number or one of JAN",
        "* * * * MONDAY    | day-of-week field: value 'MONDAY'",
        "* * * JAN-MON *   | month field: value 'MON'",
        "30-10 * * * *     | minute field: range '30-10' runs backwards",
        "*/0 * * * *       | minute field: step in '*/0' must be at least 1",
        "*/x * * * *       | minute field: step in '*/x' is not a number",
        "1,,2 * * * *      | minute field: has an empty list element",
        "? * * * *         | minute field: value '?' is not a number",
        "L * * * *         | minute field: value 'L'",
        "0 0 30 2 *        | day-of-month never occurs in the chosen month(s)",
        "0 0 31 4,6,9,11 * | day-of-month never occurs",
        "@reboot           | unknown macro",
      })
  void a_bad_expression_is_rejected_with_a_message_naming_the_problem(
      String expression, String message) {
    assertThatThrownBy(() -> CronExpression.parse(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cron '" + expression + "': ")
        .hasMessageContaining(message);
    assertThat(CronExpression.isValid(expression)).isFalse();
  }

  @Test
  void empty_and_null_expressions_are_rejected() {
    assertThatThrownBy(() -> CronExpression.parse("  ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> CronExpression.parse(null)).hasMessageContaining("empty");
  }

  @Test
  void a_day_restricted_by_both_fields_is_satisfiable_through_the_weekday() {
    // 30 February never happens, but with a weekday given too the expression fires on Mondays.
    ZonedDateTime next =
        CronExpression.parse("0 0 30 2 MON").next(ZonedDateTime.parse("2026-01-01T00:00:00Z"));

    assertThat(next.toString()).isEqualTo("2026-02-02T00:00Z");
  }

  @Test
  void extra_whitespace_is_allowed_and_the_text_is_kept() {
    CronExpression cron = CronExpression.parse("  0   9 * *  1-5 ");

    assertThat(cron.toString()).isEqualTo("0   9 * *  1-5");
    assertThat(cron).isEqualTo(CronExpression.parse("0   9 * *  1-5"));
  }

  private static List<ZonedDateTime> fires(String expression, String after, int count) {
    CronExpression cron = CronExpression.parse(expression);
    List<ZonedDateTime> fires = new ArrayList<>();
    ZonedDateTime t = ZonedDateTime.parse(after).withZoneSameInstant(UTC);
    for (int i = 0; i < count; i++) {
      t = cron.next(t);
      fires.add(t);
    }
    return fires;
  }
}
