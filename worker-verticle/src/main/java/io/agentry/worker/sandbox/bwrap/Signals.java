package io.agentry.worker.sandbox.bwrap;

import java.util.Map;

/**
 * Signal names from exit codes: bwrap (and the JVM, for a killed bwrap) report death by signal N as
 * exit code 128 + N. A program that exits with such a code on its own is reported the same way.
 */
final class Signals {

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(1, "HUP"),
          Map.entry(2, "INT"),
          Map.entry(3, "QUIT"),
          Map.entry(4, "ILL"),
          Map.entry(6, "ABRT"),
          Map.entry(7, "BUS"),
          Map.entry(8, "FPE"),
          Map.entry(9, "KILL"),
          Map.entry(11, "SEGV"),
          Map.entry(13, "PIPE"),
          Map.entry(14, "ALRM"),
          Map.entry(15, "TERM"),
          Map.entry(24, "XCPU"),
          Map.entry(25, "XFSZ"));

  private Signals() {}

  static String fromExitCode(int exitCode) {
    if (exitCode <= 128 || exitCode > 128 + 64) {
      return null;
    }
    return NAMES.getOrDefault(exitCode - 128, "SIG" + (exitCode - 128));
  }
}
