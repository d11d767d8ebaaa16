package io.agentry.core.knowledge;

import java.util.regex.Pattern;

/** Terminal colour codes, which test runners emit when they think they talk to a terminal. */
final class Ansi {

  private static final Pattern ESCAPE = Pattern.compile("\u001B\\[[;\\d]*[A-Za-z]");

  private Ansi() {}

  static String strip(String text) {
    return text.indexOf('\u001B') < 0 ? text : ESCAPE.matcher(text).replaceAll("");
  }
}
