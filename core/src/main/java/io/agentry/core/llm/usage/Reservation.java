package io.agentry.core.llm.usage;

import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ModelTarget;
import java.math.BigDecimal;

/**
 * The most a call can consume — its token maximum (prompt estimate + max_tokens) and the cost of
 * that at the model's price — to be held against the call's budgets until it settles.
 */
public record Reservation(CallContext context, ModelTarget target, long tokens, BigDecimal cost) {

  public Reservation {
    if (tokens < 0 || cost.signum() < 0) {
      throw new IllegalArgumentException("a reservation cannot be negative");
    }
  }
}
