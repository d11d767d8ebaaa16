package io.agentry.core.agents;

import static io.agentry.core.agents.AgentStatus.CRASHED;
import static io.agentry.core.agents.AgentStatus.CREATED;
import static io.agentry.core.agents.AgentStatus.DELETED;
import static io.agentry.core.agents.AgentStatus.DISABLED_FLAPPING;
import static io.agentry.core.agents.AgentStatus.PAUSED;
import static io.agentry.core.agents.AgentStatus.RUNNING;
import static io.agentry.core.agents.AgentStatus.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent lifecycle tables, every pair of (status, action) checked against the expectation. */
class AgentStatusTransitionsTest {

  /** Where each action may start (written out again here, so a change to the table shows). */
  private static final Map<AgentAction, Set<AgentStatus>> EXPECTED_FROM =
      Map.of(
          AgentAction.START, EnumSet.of(CREATED, STOPPED, DISABLED_FLAPPING),
          AgentAction.PAUSE, EnumSet.of(RUNNING),
          AgentAction.RESUME, EnumSet.of(PAUSED),
          AgentAction.STOP, EnumSet.of(RUNNING, PAUSED, CRASHED),
          AgentAction.CRASH, EnumSet.of(RUNNING),
          AgentAction.RESTART, EnumSet.of(CRASHED),
          AgentAction.DISABLE_FLAPPING, EnumSet.of(CRASHED),
          AgentAction.DELETE,
              EnumSet.of(CREATED, RUNNING, PAUSED, STOPPED, CRASHED, DISABLED_FLAPPING));

  private static final Map<AgentAction, AgentStatus> EXPECTED_TARGET =
      Map.of(
          AgentAction.START, RUNNING,
          AgentAction.PAUSE, PAUSED,
          AgentAction.RESUME, RUNNING,
          AgentAction.STOP, STOPPED,
          AgentAction.CRASH, CRASHED,
          AgentAction.RESTART, RUNNING,
          AgentAction.DISABLE_FLAPPING, DISABLED_FLAPPING,
          AgentAction.DELETE, DELETED);

  static Stream<Arguments> everyStatusAndAction() {
    return Stream.of(AgentStatus.values())
        .flatMap(s -> Stream.of(AgentAction.values()).map(a -> Arguments.of(s, a)));
  }

  @ParameterizedTest(name = "{1} from {0}")
  @MethodSource("everyStatusAndAction")
  void an_action_is_allowed_exactly_from_its_listed_statuses(AgentStatus from, AgentAction action) {
    if (EXPECTED_FROM.get(action).contains(from)) {
      assertThat(action.apply(from)).isEqualTo(EXPECTED_TARGET.get(action));
      assertThat(from.canMoveTo(action.target())).isTrue();
    } else {
      assertThatThrownBy(() -> action.apply(from))
          .isInstanceOfSatisfying(
              AgentryException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_STATE);
                assertThat(e.getMessage()).contains(from.db());
              });
    }
  }

  @Test
  void every_edge_of_the_status_graph_is_reachable_through_some_action() {
    for (AgentStatus from : AgentStatus.values()) {
      for (AgentStatus to : AgentStatus.values()) {
        boolean viaAction =
            Stream.of(AgentAction.values()).anyMatch(a -> a.allowedFrom(from) && a.target() == to);
        assertThat(from.canMoveTo(to)).as(from + " → " + to).isEqualTo(viaAction);
      }
    }
  }

  @Test
  void deleted_is_final_and_everything_else_can_be_deleted() {
    for (AgentStatus status : AgentStatus.values()) {
      assertThat(status.canMoveTo(DELETED)).as(status.db()).isEqualTo(status != DELETED);
    }
    assertThat(Stream.of(AgentStatus.values()).filter(DELETED::canMoveTo)).isEmpty();
  }

  @Test
  void statuses_round_trip_through_their_database_names() {
    for (AgentStatus status : AgentStatus.values()) {
      assertThat(AgentStatus.fromDb(status.db())).isEqualTo(status);
    }
    assertThat(DISABLED_FLAPPING.db()).isEqualTo("disabled_flapping");
  }
}
