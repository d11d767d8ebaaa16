package io.agentry.core.knowledge;

import static io.agentry.core.testing.ErrorAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fingerprints of real output: the samples in {@code src/test/resources/fingerprints} were produced
 * by pytest 9, CPython 3.11, Node.js 20 and a JDK 17 from two workspaces with different paths.
 */
class ErrorFingerprintsTest {

  static Stream<Arguments> samples() {
    List<String> zeroDivision =
        List.of("calc.py:divide", "calc.py:mean", "test_calc.py:test_mean_of_empty");
    return Stream.of(
        Arguments.of("pytest-long.txt", "ZeroDivisionError", "division by zero", zeroDivision),
        Arguments.of("pytest-short.txt", "ZeroDivisionError", "division by zero", zeroDivision),
        Arguments.of(
            "pytest-long-color.txt", "ZeroDivisionError", "division by zero", zeroDivision),
        Arguments.of(
            "pytest-collection-error.txt",
            "ModuleNotFoundError",
            "No module named 'inventory'",
            List.of("test_import.py:<module>", "__init__.py:import_module")),
        Arguments.of(
            "pytest-summary-wide.txt",
            "ZeroDivisionError",
            "division by zero",
            List.of("test_calc.py:test_mean_of_empty")),
        Arguments.of(
            "pytest-summary-only.txt",
            "ZeroDivisionError",
            "division b",
            List.of("test_calc.py:test_mean_of_empty")),
        Arguments.of(
            "python-wsA.txt",
            "ZeroDivisionError",
            "division by zero",
            List.of("calc.py:divide", "calc.py:mean", "app.py:<module>")),
        Arguments.of(
            "python-chained.txt",
            "FileNotFoundError",
            "[Errno <N>] No such file or directory: <str>",
            List.of("app.py:load")),
        Arguments.of(
            "node-trace.txt",
            "TypeError",
            "Cannot read properties of undefined (reading 'map')",
            List.of("app.js:double", "app.js:main", "app.js:Object.<anonymous>")),
        Arguments.of(
            "java-caused-by.txt",
            "java.net.ConnectException",
            "Connection refused",
            List.of("Net:connect0", "Net.java:connect", "Net.java:connect")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void real_output_gives_type_normalised_message_and_innermost_frames(
      String sample, String type, String message, List<String> frames) {
    ErrorFingerprint fp = ErrorFingerprints.of(read(sample));

    assertThat(fp.type()).isEqualTo(type);
    assertThat(fp.normalizedMessage()).isEqualTo(message);
    assertThat(fp.frames()).isEqualTo(frames);
    assertThat(fp.hash()).isEqualTo(ErrorFingerprints.hash(type, message, frames));
    assertThat(ErrorFingerprints.isHash(fp.hash())).isTrue();
  }

  static Stream<Arguments> sameErrorElsewhere() {
    return Stream.of(
        Arguments.of("python-wsA.txt", "python-wsB.txt"),
        Arguments.of("pytest-long.txt", "pytest-long-other-workspace.txt"),
        Arguments.of("pytest-long.txt", "pytest-short.txt"),
        Arguments.of("pytest-long.txt", "pytest-long-color.txt"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("sameErrorElsewhere")
  void the_same_error_in_another_workspace_or_format_has_the_same_hash(String a, String b) {
    assertThat(read(a)).isNotEqualTo(read(b));
    assertThat(ErrorFingerprints.of(read(a)).hash())
        .isEqualTo(ErrorFingerprints.of(read(b)).hash());
  }

  @Test
  void a_python_traceback_differs_only_in_paths_line_numbers_and_addresses() {
    String a =
        """
        Traceback (most recent call last):
          File "/srv/ws-1/tasks/7/src/shop/cart.py", line 41, in total
            return sum(i.price for i in self.items) / self.count
        TypeError: unsupported operand type(s) for /: 'int' and 'NoneType' (cart at 0x7f3a2c1d9e80)
        """;
    String b =
        """
        Traceback (most recent call last):
          File "C:\\\\agents\\\\ws-9\\\\src\\\\shop\\\\cart.py", line 57, in total
            return sum(i.price for i in self.items) / self.count
        TypeError: unsupported operand type(s) for /: 'int' and 'NoneType' (cart at 0x55d0c0ffee00)
        """;

    ErrorFingerprint fa = ErrorFingerprints.of(a);

    assertThat(fa.hash()).isEqualTo(ErrorFingerprints.of(b).hash());
    assertThat(fa.frames()).containsExactly("cart.py:total");
    assertThat(fa.normalizedMessage())
        .isEqualTo("unsupported operand type(s) for /: 'int' and 'NoneType' (cart at <hex>)");
  }

  static Stream<Arguments> differentErrors() {
    return Stream.of(
        Arguments.of(
            "ValueError: bad value\n", "TypeError: bad value\n"), // same message, other type
        Arguments.of(
            "ModuleNotFoundError: No module named 'numpy'",
            "ModuleNotFoundError: No module named 'yaml'"),
        Arguments.of(
            "FAILED tests/test_a.py::test_one - KeyError: 'x'",
            "FAILED tests/test_a.py::test_two - KeyError: 'x'"));
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("differentErrors")
  void different_errors_have_different_hashes(String a, String b) {
    assertThat(ErrorFingerprints.of(a).hash()).isNotEqualTo(ErrorFingerprints.of(b).hash());
  }

  @Test
  void each_failure_of_one_pytest_run_is_told_apart_by_its_first_failure() {
    ErrorFingerprint first = ErrorFingerprints.of(read("pytest-long.txt"));
    String withoutFirst =
        read("pytest-long.txt")
            .replaceFirst("(?s)_{10,} test_mean_of_empty.*?(?=_{10,} test_add)", "");

    ErrorFingerprint second = ErrorFingerprints.of(withoutFirst);

    assertThat(second.type()).isEqualTo("AssertionError");
    assertThat(second.normalizedMessage()).isEqualTo("assert <N> == <N>");
    assertThat(second.frames()).containsExactly("test_calc.py:test_add");
    assertThat(second.hash()).isNotEqualTo(first.hash());
  }

  static Stream<Arguments> genericText() {
    return Stream.of(
        Arguments.of(
            "npm ERR! Error: Cannot find module 'express'",
            "Error",
            "Cannot find module 'express'"),
        Arguments.of(
            "src/app.ts(10,5): error TS2304: Cannot find name 'foo'.",
            "error",
            "TS2304: Cannot find name 'foo'."),
        Arguments.of(
            "calc.c:10:5: error: expected ';' before '}' token",
            "error",
            "expected ';' before '}' token"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("genericText")
  void other_text_is_fingerprinted_by_its_first_error_line(
      String text, String type, String message) {
    ErrorFingerprint fp = ErrorFingerprints.of("build started\n" + text + "\nbuild finished\n");

    assertThat(fp.type()).isEqualTo(type);
    assertThat(fp.normalizedMessage()).isEqualTo(message);
    assertThat(fp.frames()).isEmpty();
  }

  @Test
  void text_without_any_error_word_is_fingerprinted_by_its_last_line() {
    ErrorFingerprint fp =
        ErrorFingerprints.of("compiling 3 files\nSegmentation fault (core dumped)\n");

    assertThat(fp.type()).isEqualTo("Unknown");
    assertThat(fp.normalizedMessage()).isEqualTo("Segmentation fault (core dumped)");
  }

  @Test
  void a_java_trace_with_a_multi_line_message_keeps_its_frames() {
    String trace =
        "org.opentest4j.AssertionFailedError: expected: <5> but was: <4>\n"
            + "second line of the message\n"
            + "\tat org.junit.jupiter.api@5.11.4/org.junit.jupiter.api.AssertionUtils.fail("
            + "AssertionUtils.java:55)\n"
            + "\tat com.shop.CartTest.total_is_summed(CartTest.java:31)\n";

    ErrorFingerprint fp = ErrorFingerprints.of(trace);

    assertThat(fp.type()).isEqualTo("org.opentest4j.AssertionFailedError");
    assertThat(fp.normalizedMessage()).isEqualTo("expected: <<N>> but was: <<N>>");
    assertThat(fp.frames())
        .containsExactly("AssertionUtils.java:fail", "CartTest.java:total_is_summed");
  }

  @Test
  void nul_bytes_from_binary_output_are_dropped() {
    ErrorFingerprint fp = ErrorFingerprints.of("ValueError: bad\u0000 header\n");

    assertThat(fp.normalizedMessage()).isEqualTo("bad header");
  }

  @Test
  void blank_text_is_rejected() {
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> ErrorFingerprints.of("  \n "), "errorText");
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> ErrorFingerprints.of(null));
  }

  @Test
  void huge_text_is_cut_to_head_and_tail_and_still_fingerprinted() {
    String noise = "collecting ... ok\n".repeat(ErrorFingerprints.MAX_INPUT / 10);
    ErrorFingerprint fp = ErrorFingerprints.of(noise + read("pytest-short.txt"));

    assertThat(fp.hash()).isEqualTo(ErrorFingerprints.of(read("pytest-short.txt")).hash());
  }

  static String read(String sample) {
    try (InputStream in =
        ErrorFingerprintsTest.class.getResourceAsStream("/fingerprints/" + sample)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + sample);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
