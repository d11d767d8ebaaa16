package io.agentry.core.knowledge;

import java.util.List;

/**
 * The learning engine's answer for a known error: the fix with the highest {@link Confidence} among
 * those that worked at least once, and what else the graph knows about the error.
 *
 * @param confidence in [0, 1]; see {@link Confidence#of}
 * @param patterns common causes and prevention linked to the error
 * @param antiPatterns fixes that failed repeatedly for this error, not to be tried again
 */
public record FixSuggestion(
    ErrorNode error,
    Solution fix,
    double confidence,
    List<PatternNode> patterns,
    List<PatternNode> antiPatterns) {

  public FixSuggestion {
    patterns = List.copyOf(patterns);
    antiPatterns = List.copyOf(antiPatterns);
  }
}
