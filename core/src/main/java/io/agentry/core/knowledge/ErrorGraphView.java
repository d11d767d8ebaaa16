package io.agentry.core.knowledge;

import java.util.List;

/**
 * One error with its neighbourhood, for the API and the dashboard: the solutions tried (most
 * successful first, at most {@link ErrorGraph#MAX_VIEW_SOLUTIONS}), the patterns and anti-patterns
 * linked to it or to them, and the edges among these nodes.
 */
public record ErrorGraphView(
    ErrorNode error, List<Solution> solutions, List<PatternNode> patterns, List<GraphEdge> edges) {

  public ErrorGraphView {
    solutions = List.copyOf(solutions);
    patterns = List.copyOf(patterns);
    edges = List.copyOf(edges);
  }
}
