package io.agentry.core.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What normalisation replaces, and what it keeps because it names code rather than data. */
class MessageNormalizerTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "No such file or directory: '/home/alice/ws1/data.csv' | No such file or directory: <str>",
        "No such file or directory: /home/alice/ws1/data.csv | No such file or directory: <path>",
        "cannot open ~/ws-3/out/report.pdf for writing | cannot open <path> for writing",
        "C:\\Users\\bob\\ws\\app.py not found | <path> not found",
        "can't multiply sequence by non-int of type 'float' | can't multiply sequence by non-int of type 'float'",
        "No module named 'requests.adapters' | No module named 'requests.adapters'",
        "expected ';' before '}' token | expected ';' before '}' token",
        "invalid literal for int() with base 10: 'twelve apples' | invalid literal for int() with base <N>: <str>",
        "<Foo object at 0x7f3a2c1d9e80> | <Foo object at <hex>>",
        "com.shop.Cart@1b6d3586 is closed | com.shop.Cart@<hex> is closed",
        "commit 3f2a9c1e7b4d5a6f8e9d0c1b2a3f4e5d6c7b8a9f is missing | commit <hex> is missing",
        "order 9ddffe58-51e0-498e-9358-677051ed3ce6 not found | order <uuid> not found",
        "GET http://127.0.0.1:8080/api/v1/items?id=3 failed | GET <url> failed",
        "line 42, column 7: took 1.25 s | line <N>, column <N>: took <N> s",
        "int32 overflow in utf8 decoder | int32 overflow in utf8 decoder",
        "a   b \t c | a b c",
        "said \"hello world\" and \"ok\" | said <str> and \"ok\"",
      })
  void replaces_what_changes_between_runs_and_workspaces(String in, String out) {
    assertThat(MessageNormalizer.normalize(in)).isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource({"500", "501", "5000"})
  void long_messages_are_capped(int length) {
    assertThat(MessageNormalizer.normalize("x".repeat(length)))
        .hasSize(Math.min(length, MessageNormalizer.MAX_LENGTH));
  }
}
