package io.agentry.core.llm.usage;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A hard budget and where it stands. A null cap means no limit on that measure. {@code reserved} is
 * held by calls in flight; a new call is admitted only while spent + reserved + its own maximum
 * stays within every cap.
 */
public record Budget(
    BudgetScope scope,
    UUID scopeId,
    Long tokenCap,
    BigDecimal costCap,
    long reservedTokens,
    BigDecimal reservedCost,
    long spentTokens,
    BigDecimal spentCost) {}
