package io.agentry.core.schedule;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.UUID;

/**
 * What it takes to create a schedule; validated on construction, with {@code BAD_USER_INPUT}
 * messages naming the field.
 *
 * @param timezone an IANA zone id such as {@code Europe/Berlin}; {@code null} means UTC
 */
public record NewSchedule(
    UUID agentId,
    CronExpression cron,
    ZoneId timezone,
    String jobRole,
    String jobKind,
    JsonObject jobPayload) {

  static final int MAX_NAME = 100;

  public NewSchedule {
    if (agentId == null) {
      throw badInput("agentId is required");
    }
    if (cron == null) {
      throw badInput("cron is required");
    }
    timezone = timezone == null ? ZoneId.of("UTC") : timezone;
    jobRole = requireName(jobRole, "jobRole");
    jobKind = requireName(jobKind, "jobKind");
    jobPayload = jobPayload == null ? new JsonObject() : jobPayload.copy();
  }

  /** Parses the cron text and zone id, turning their errors into {@code BAD_USER_INPUT}. */
  public static NewSchedule of(
      UUID agentId,
      String cron,
      String timezone,
      String jobRole,
      String jobKind,
      JsonObject jobPayload) {
    CronExpression expression;
    try {
      expression = CronExpression.parse(cron);
    } catch (IllegalArgumentException e) {
      throw new AgentryException(ErrorCode.BAD_USER_INPUT, "cron: " + e.getMessage(), e);
    }
    ZoneId zone;
    try {
      zone = timezone == null ? null : ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT, "timezone: '" + timezone + "' is not a known time zone", e);
    }
    return new NewSchedule(agentId, expression, zone, jobRole, jobKind, jobPayload);
  }

  private static String requireName(String value, String field) {
    if (value == null || value.isBlank() || value.length() > MAX_NAME) {
      throw badInput(field + " must be 1 to " + MAX_NAME + " characters");
    }
    return value;
  }

  private static AgentryException badInput(String message) {
    return new AgentryException(ErrorCode.BAD_USER_INPUT, message);
  }
}
