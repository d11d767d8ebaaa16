package io.agentry.api.graphql;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLObjectType;
import io.agentry.core.auth.Permission;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.util.Map;
import java.util.Set;

/**
 * The one place where roles are checked: every root field (query, mutation, subscription) names the
 * permission it needs, and a root field missing from the table is refused (fail closed). Tenant
 * isolation is the data fetchers' job, since it needs the data.
 */
final class FieldPermissions extends SimplePerformantInstrumentation {

  private static final Set<String> ROOTS = Set.of("Query", "Mutation", "Subscription");

  static final Map<String, Permission> TABLE =
      Map.ofEntries(
          Map.entry("Query.node", Permission.SYSTEM_READ),
          Map.entry("Query.clusterNodes", Permission.SYSTEM_READ),
          Map.entry("Query.services", Permission.SYSTEM_READ),
          Map.entry("Query.clusterPing", Permission.SYSTEM_READ),
          Map.entry("Query.workerPools", Permission.SYSTEM_READ),
          Map.entry("Query.viewer", Permission.PROJECT_READ),
          Map.entry("Query.project", Permission.PROJECT_READ),
          Map.entry("Query.projects", Permission.PROJECT_READ),
          Map.entry("Query.agent", Permission.AGENT_READ),
          Map.entry("Query.agents", Permission.AGENT_READ),
          Map.entry("Query.task", Permission.PROJECT_READ),
          Map.entry("Query.tasks", Permission.PROJECT_READ),
          Map.entry("Query.job", Permission.PROJECT_READ),
          Map.entry("Query.jobs", Permission.PROJECT_READ),
          Map.entry("Query.ledger", Permission.PROJECT_READ),
          Map.entry("Query.apiKeys", Permission.ADMIN),
          Map.entry("Mutation.createProject", Permission.PROJECT_WRITE),
          Map.entry("Mutation.createAgent", Permission.AGENT_WRITE),
          Map.entry("Mutation.updateAgent", Permission.AGENT_WRITE),
          Map.entry("Mutation.deleteAgent", Permission.AGENT_WRITE),
          Map.entry("Mutation.startAgent", Permission.AGENT_WRITE),
          Map.entry("Mutation.stopAgent", Permission.AGENT_WRITE),
          Map.entry("Mutation.pauseAgent", Permission.AGENT_WRITE),
          Map.entry("Mutation.resumeAgent", Permission.AGENT_WRITE),
          Map.entry("Mutation.submitGoal", Permission.PROJECT_EXECUTE),
          Map.entry("Mutation.cancelTask", Permission.PROJECT_EXECUTE),
          Map.entry("Mutation.approveStep", Permission.PROJECT_EXECUTE),
          Map.entry("Mutation.createApiKey", Permission.ADMIN),
          Map.entry("Mutation.revokeApiKey", Permission.ADMIN),
          Map.entry("Subscription.ledgerEvents", Permission.PROJECT_READ),
          Map.entry("Subscription.taskUpdates", Permission.PROJECT_READ),
          Map.entry("Query.usage", Permission.PROJECT_READ),
          // Further restricted to admins of the operator tenant by the fetcher.
          Map.entry("Mutation.createTenant", Permission.ADMIN),
          // A budget is project configuration: the matrix's project CRUD.
          Map.entry("Mutation.setBudget", Permission.PROJECT_WRITE),
          Map.entry("Subscription.agentActivity", Permission.PROJECT_READ),
          Map.entry("Subscription.jobUpdates", Permission.PROJECT_READ),
          Map.entry("Subscription.clusterStatus", Permission.SYSTEM_READ));

  @Override
  public DataFetcher<?> instrumentDataFetcher(
      DataFetcher<?> fetcher,
      InstrumentationFieldFetchParameters parameters,
      InstrumentationState state) {
    var env = parameters.getEnvironment();
    if (!(env.getParentType() instanceof GraphQLObjectType parent)
        || !ROOTS.contains(parent.getName())) {
      return fetcher;
    }
    String field = env.getField().getName();
    if (field.startsWith("__")) {
      return fetcher; // introspection
    }
    Permission needed = TABLE.get(parent.getName() + "." + field);
    return e -> {
      if (needed == null) {
        throw new AgentryException(
            ErrorCode.FORBIDDEN, parent.getName() + "." + field + " has no permission rule");
      }
      ApiContext.principal(e).require(needed);
      return fetcher.get(e);
    };
  }
}
