package io.agentry.core.knowledge;

import java.util.ArrayList;
import java.util.List;

/** Stack frames as {@code file-basename:function}: no directories, no line numbers. */
final class Frames {

  /** Stands for a function the text does not name (module-level code, a syntax error). */
  static final String UNKNOWN_FUNCTION = "?";

  private static final int MAX_PART = 100;

  private Frames() {}

  static String frame(String file, String function) {
    String fn = function == null || function.isBlank() ? UNKNOWN_FUNCTION : function.strip();
    // Parametrised pytest ids (test_div[0-1]) carry data; the function is what is stable.
    int bracket = fn.indexOf('[');
    if (bracket > 0) {
      fn = fn.substring(0, bracket);
    }
    return cap(basename(file)) + ":" + cap(fn);
  }

  static String basename(String path) {
    String p = path.strip().replace('\\', '/');
    int slash = p.lastIndexOf('/');
    return slash >= 0 ? p.substring(slash + 1) : p;
  }

  /** The innermost {@code max} of frames listed outermost first, innermost first. */
  static List<String> innermost(List<String> outermostFirst, int max) {
    List<String> out = new ArrayList<>(max);
    for (int i = outermostFirst.size() - 1; i >= 0 && out.size() < max; i--) {
      out.add(outermostFirst.get(i));
    }
    return out;
  }

  private static String cap(String s) {
    return s.length() <= MAX_PART ? s : s.substring(0, MAX_PART);
  }
}
