package io.agentry.core.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The task status table, every (from, to) pair checked against an independent expectation. */
class TaskStatusTransitionsTest {

  private static final Map<String, String> EXPECTED =
      Map.of(
          "pending", "planning coding failed cancelled",
          "planning", "coding reviewing failed cancelled",
          "coding", "testing reviewing planning failed cancelled",
          "testing", "debugging coding reviewing completed planning failed cancelled",
          "debugging", "coding testing planning failed cancelled",
          "reviewing", "coding planning completed failed cancelled",
          "completed", "",
          "failed", "pending",
          "cancelled", "");

  static Stream<Arguments> everyPair() {
    return Stream.of(TaskStatus.values())
        .flatMap(from -> Stream.of(TaskStatus.values()).map(to -> Arguments.of(from, to)));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("everyPair")
  void a_move_is_allowed_exactly_when_the_table_lists_it(TaskStatus from, TaskStatus to) {
    Set<String> allowed =
        Arrays.stream(EXPECTED.get(from.db()).split(" "))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());

    assertThat(from.canMoveTo(to)).isEqualTo(allowed.contains(to.db()));
    if (allowed.contains(to.db())) {
      TaskStatus.checkTransition(from, to);
    } else {
      assertThatThrownBy(() -> TaskStatus.checkTransition(from, to))
          .isInstanceOfSatisfying(
              AgentryException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_STATE);
                assertThat(e.getMessage()).contains(from.db()).contains(to.db());
              });
    }
  }

  @Test
  void finished_statuses_are_completed_failed_and_cancelled() {
    assertThat(Stream.of(TaskStatus.values()).filter(TaskStatus::isFinished))
        .containsExactly(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED);
  }

  @Test
  void every_unfinished_status_can_be_cancelled_and_failed() {
    for (TaskStatus status : TaskStatus.values()) {
      if (!status.isFinished()) {
        assertThat(status.canMoveTo(TaskStatus.CANCELLED)).as(status.db()).isTrue();
        assertThat(status.canMoveTo(TaskStatus.FAILED)).as(status.db()).isTrue();
      }
    }
  }

  @Test
  void statuses_and_stages_round_trip_through_their_database_names() {
    for (TaskStatus status : TaskStatus.values()) {
      assertThat(TaskStatus.fromDb(status.db())).isEqualTo(status);
    }
    for (TaskStage stage : TaskStage.values()) {
      assertThat(TaskStage.fromDb(stage.db())).isEqualTo(stage);
    }
  }
}
