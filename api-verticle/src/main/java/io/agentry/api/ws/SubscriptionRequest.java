package io.agentry.api.ws;

import io.agentry.core.auth.Principal;
import java.util.Map;

/** A {@code subscribe} message's operation, and who sent it. */
record SubscriptionRequest(
    String query, String operationName, Map<String, Object> variables, Principal principal) {}
