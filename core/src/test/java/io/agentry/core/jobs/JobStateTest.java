package io.agentry.core.jobs;

import static io.agentry.core.jobs.JobState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The transition table, edge by edge: every pair of states is either allowed or refused. */
class JobStateTest {

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(QUEUED, EnumSet.of(LEASED, RUNNING, CANCELLED)),
        Arguments.of(LEASED, EnumSet.of(RUNNING, QUEUED, CANCELLED)),
        Arguments.of(
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, QUEUED, DEAD, AWAITING_APPROVAL, CANCELLED)),
        Arguments.of(FAILED, EnumSet.of(QUEUED, DEAD)),
        Arguments.of(AWAITING_APPROVAL, EnumSet.of(QUEUED, CANCELLED)),
        Arguments.of(DEAD, EnumSet.of(QUEUED)),
        Arguments.of(SUCCEEDED, EnumSet.noneOf(JobState.class)),
        Arguments.of(CANCELLED, EnumSet.noneOf(JobState.class)));
  }

  @ParameterizedTest(name = "{0} may move to exactly {1}")
  @MethodSource("table")
  void each_state_moves_only_along_its_edges(JobState from, Set<JobState> allowed) {
    for (JobState to : JobState.values()) {
      if (allowed.contains(to)) {
        JobState.checkTransition(from, to);
        assertThat(from.canMoveTo(to)).isTrue();
      } else {
        assertThat(from.canMoveTo(to)).as(from + " -> " + to).isFalse();
        assertThatThrownBy(() -> JobState.checkTransition(from, to))
            .isInstanceOf(AgentryException.class)
            .satisfies(
                e -> assertThat(((AgentryException) e).code()).isEqualTo(ErrorCode.ILLEGAL_STATE))
            .hasMessage("a job cannot move from " + from.db() + " to " + to.db());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(JobState.class)
  void database_names_round_trip(JobState state) {
    assertThat(JobState.fromDb(state.db())).isEqualTo(state);
    assertThat(state.isTerminal()).isEqualTo(state == SUCCEEDED || state == CANCELLED);
  }
}
