package io.agentry.worker.tools.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A test runner detected from a directory's files, with a parser for its summary line. */
enum TestRunner {
  PYTEST {
    @Override
    TestCounts parse(String output) {
      return new TestCounts(
          count(output, "(\\d+) passed"),
          count(output, "(\\d+) failed") + count(output, "(\\d+) errors?"),
          count(output, "(\\d+) skipped"));
    }
  },
  MAVEN {
    @Override
    TestCounts parse(String output) {
      Matcher m =
          Pattern.compile(
                  "Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)\\s*$",
                  Pattern.MULTILINE)
              .matcher(output);
      int run = 0, failed = 0, skipped = 0;
      while (m.find()) {
        run = Integer.parseInt(m.group(1));
        failed = Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3));
        skipped = Integer.parseInt(m.group(4));
      }
      return new TestCounts(run - failed - skipped, failed, skipped);
    }
  },
  NPM {
    @Override
    TestCounts parse(String output) {
      // node --test and jest/mocha print "pass N"/"N passing" and "fail N"/"N failing".
      return new TestCounts(
          count(output, "(?:# pass (\\d+)|(\\d+) passing|Tests:.*?(\\d+) passed)"),
          count(output, "(?:# fail (\\d+)|(\\d+) failing|Tests:.*?(\\d+) failed)"),
          0);
    }
  };

  abstract TestCounts parse(String output);

  String displayName() {
    return name().toLowerCase();
  }

  List<String> argv() {
    return switch (this) {
      case PYTEST -> List.of(ExecTools.PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider");
      case MAVEN -> List.of("mvn", "-B", "-o", "test");
      case NPM -> List.of("npm", "test", "--silent");
    };
  }

  static TestRunner detect(Path dir, Path workspace) {
    if (ExecTools.exists(dir, "pom.xml")) {
      return MAVEN;
    }
    if (ExecTools.exists(dir, "package.json")) {
      return NPM;
    }
    if (ExecTools.exists(dir, "pytest.ini")
        || ExecTools.exists(dir, "conftest.py")
        || hasPythonTests(dir)) {
      return PYTEST;
    }
    return null;
  }

  private static boolean hasPythonTests(Path dir) {
    try (Stream<Path> files = Files.walk(dir, 6)) {
      return files
          .map(p -> p.getFileName().toString())
          .anyMatch(n -> n.startsWith("test_") && n.endsWith(".py") || n.endsWith("_test.py"));
    } catch (IOException e) {
      return false;
    }
  }

  private static int count(String output, String regex) {
    Matcher m = Pattern.compile(regex).matcher(output);
    int last = 0;
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null) {
          last = Integer.parseInt(m.group(g));
        }
      }
    }
    return last;
  }
}
