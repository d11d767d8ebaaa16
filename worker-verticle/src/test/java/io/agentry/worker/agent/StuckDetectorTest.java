package io.agentry.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.llm.ModelCallException;
import io.agentry.worker.agent.StuckDetector.Action;
import io.agentry.worker.agent.StuckDetector.Entry;
import io.agentry.worker.agent.StuckDetector.Loop;
import io.agentry.worker.agent.StuckDetector.Monologue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The stuck patterns, table-driven: each history either shows one pattern or none. */
class StuckDetectorTest {

  private static final StuckDetector DETECTOR = new StuckDetector(StepLimits.defaults());

  static Action ok(String tool, String args, String output) {
    return new Action(tool, args, "OK", output);
  }

  static Action error(String tool, String args, String output) {
    return new Action(tool, args, "ERROR", output);
  }

  static Monologue said(String text) {
    return new Monologue(text);
  }

  static List<Entry> times(int n, Entry... entries) {
    List<Entry> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.addAll(List.of(entries));
    }
    return all;
  }

  static List<Entry> concat(List<Entry> a, List<Entry> b) {
    List<Entry> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static Stream<Arguments> histories() {
    Action readA = ok("read_file", "{\"path\":\"a.py\"}", "print(1)");
    Action readB = ok("read_file", "{\"path\":\"b.py\"}", "print(2)");
    return Stream.of(
        Arguments.of("empty history", List.of(), null),
        Arguments.of("one action", List.of(said(""), readA), null),
        Arguments.of("same action three times", times(3, said(""), readA), null),
        Arguments.of("same action four times", times(4, said(""), readA), Loop.REPEATED_ACTION),
        Arguments.of(
            "same action four times, keys in another order",
            List.of(
                ok("edit", "{\"a\":1,\"b\":2}", "x"),
                ok("edit", "{\"b\":2,\"a\":1}", "x"),
                ok("edit", "{\"a\":1, \"b\":2}", "x"),
                ok("edit", "{\"b\":2,\"a\":1}", "x")),
            Loop.REPEATED_ACTION),
        Arguments.of(
            "same action, observation differing only in timings",
            List.of(
                ok("run_tests", "{}", "1 failed in 0.31s"),
                ok("run_tests", "{}", "1 failed in 0.29s"),
                ok("run_tests", "{}", "1 failed in 0.30s"),
                ok("run_tests", "{}", "1 failed  in 0.33s")),
            Loop.REPEATED_ACTION),
        Arguments.of(
            "same action but the observation changes",
            List.of(
                ok("read_file", "{}", "version one"),
                ok("read_file", "{}", "version two"),
                ok("read_file", "{}", "version one"),
                ok("read_file", "{}", "version three")),
            null),
        Arguments.of(
            "three actions, then a different one", concat(times(3, readA), List.of(readB)), null),
        Arguments.of(
            "same error three times with different arguments",
            List.of(
                error("run_command", "{\"command\":\"pytest\"}", "ModuleNotFoundError: foo"),
                error("run_command", "{\"command\":\"pytest -x\"}", "ModuleNotFoundError: foo"),
                error("run_command", "{\"command\":\"pytest -q\"}", "ModuleNotFoundError: foo")),
            Loop.REPEATED_ERROR),
        Arguments.of(
            "same error twice",
            times(2, error("run_command", "{}", "ModuleNotFoundError: foo")),
            null),
        Arguments.of(
            "three different errors",
            List.of(
                error("run_command", "{}", "ModuleNotFoundError: foo"),
                error("run_command", "{}", "SyntaxError: bar"),
                error("run_command", "{}", "ModuleNotFoundError: foo")),
            null),
        Arguments.of(
            "an error between two successes does not count",
            List.of(
                error("t", "{}", "boom"),
                ok("t", "{}", "fine"),
                error("t", "{}", "boom"),
                error("t", "{}", "boom")),
            null),
        Arguments.of("alternating A,B three cycles", times(3, readA, readB), Loop.ALTERNATING),
        Arguments.of("alternating A,B two cycles", times(2, readA, readB), null),
        Arguments.of(
            "alternating after other work",
            concat(List.of(ok("x", "{}", "y")), times(3, said("hm"), readA, said("hm2"), readB)),
            Loop.ALTERNATING),
        Arguments.of(
            "A,B,A,C,A,B is no pattern",
            List.of(readA, readB, readA, ok("c", "{}", "c"), readA, readB),
            null),
        Arguments.of(
            "same monologue three turns",
            List.of(
                said("Let me look at the file again."),
                ok("t", "{\"n\":1}", "1"),
                said("Let me look at the file  again."),
                ok("t", "{\"n\":2}", "2"),
                said("Let me look at the file again."),
                ok("t", "{\"n\":3}", "3")),
            Loop.REPEATED_MONOLOGUE),
        Arguments.of(
            "same monologue twice, then silence",
            List.of(said("again"), said("again"), said("")),
            null),
        Arguments.of("blank monologues do not count", times(3, said(" ")), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void detects_exactly_the_patterns_that_repeat(String name, List<Entry> history, Loop expected) {
    Optional<StuckDetector.Stuck> stuck = DETECTOR.check(history);
    if (expected == null) {
      assertThat(stuck).isEmpty();
    } else {
      assertThat(stuck).isPresent();
      assertThat(stuck.get().pattern()).isEqualTo(expected);
      assertThat(stuck.get().reason()).startsWith("stuck (" + expected.name() + "): ");
    }
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            ModelCallException.httpStatus(
                400,
                "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\"}}",
                null),
            true),
        Arguments.of(
            ModelCallException.httpStatus(
                400, "{\"error\":\"prompt is too long: 250000 tokens > 200000\"}", null),
            true),
        Arguments.of(ModelCallException.httpStatus(413, "too many tokens in request", null), true),
        Arguments.of(
            ModelCallException.httpStatus(400, "{\"error\":\"unknown field\"}", null), false),
        Arguments.of(
            ModelCallException.httpStatus(503, "context length exceeded upstream", null), false),
        Arguments.of(
            new AgentryException(ErrorCode.BUDGET_EXCEEDED, "token limit of the task reached"),
            false),
        Arguments.of(
            new AgentryException(ErrorCode.MODEL_ERROR, "input exceeds the context window"), true),
        Arguments.of(new IllegalStateException("context length"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void recognises_context_window_errors(Throwable failure, boolean expected) {
    assertThat(StuckDetector.isContextWindowError(failure)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void context_window_verdict_names_the_pattern_and_the_providers_words() {
    StuckDetector.Stuck stuck = StuckDetector.contextWindow("maximum context length is 8192");
    assertThat(stuck.pattern()).isEqualTo(Loop.CONTEXT_WINDOW);
    assertThat(stuck.reason())
        .startsWith("stuck (CONTEXT_WINDOW)")
        .contains("after condensation", "8192");
  }
}
