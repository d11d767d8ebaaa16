package io.agentry.api.ws;

import graphql.language.Argument;
import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.SelectionSet;
import graphql.language.VariableReference;
import graphql.parser.Parser;
import io.agentry.core.auth.Role;
import io.vertx.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What makes two subscriptions render every event identically: the document, the operation name,
 * the variables, and the scope the selection is resolved in (tenant and role; the loaders read only
 * the caller's tenant). Subscriptions with equal keys share one source stream and one execution per
 * event.
 *
 * <p>A resumable subscription ({@code ledgerEvents}) is keyed without its resume argument ({@code
 * afterSeq}): where a stream starts does not change how an event renders, and each subscriber's
 * start is honoured by {@link SubscriptionGroup} instead. So dashboards that reconnect with
 * different positions still share the live tail.
 */
record SubscriptionKey(
    String document,
    String operationName,
    String variables,
    UUID tenantId,
    Role role,
    boolean resumable,
    boolean snapshot) {

  /** Root fields whose stream can start after a position, and the argument that says where. */
  static final Map<String, String> RESUME_ARGUMENTS = Map.of("ledgerEvents", "afterSeq");

  /**
   * Root fields whose every event is the whole current state: a subscriber that joins a running
   * group is sent the group's latest event at once, as its own stream would have started with.
   */
  static final Set<String> SNAPSHOTS = Set.of("clusterStatus");

  static SubscriptionKey of(SubscriptionRequest request) {
    Map<String, Object> variables =
        request.variables() == null ? new TreeMap<>() : new TreeMap<>(request.variables());
    String document = request.query();
    boolean resumable = false;
    Document parsed = resumableCandidate(request.query()) ? parse(request.query()) : null;
    OperationDefinition operation = parsed == null ? null : operation(parsed, request);
    Field root = operation == null ? null : singleRootField(operation.getSelectionSet());
    boolean snapshot = root != null && SNAPSHOTS.contains(root.getName());
    if (root != null && RESUME_ARGUMENTS.containsKey(root.getName())) {
      String resume = RESUME_ARGUMENTS.get(root.getName());
      resumable = true;
      Argument argument =
          root.getArguments().stream()
              .filter(a -> a.getName().equals(resume))
              .findFirst()
              .orElse(null);
      if (argument != null) {
        if (argument.getValue() instanceof VariableReference ref) {
          variables.remove(ref.getName());
        }
        document = AstPrinter.printAstCompact(without(parsed, operation, root, argument));
      }
    }
    return new SubscriptionKey(
        document,
        request.operationName(),
        Json.encode(variables),
        request.principal().tenantId(),
        request.principal().role(),
        resumable,
        snapshot);
  }

  private static boolean resumableCandidate(String query) {
    return RESUME_ARGUMENTS.keySet().stream().anyMatch(query::contains)
        || SNAPSHOTS.stream().anyMatch(query::contains);
  }

  private static Document parse(String query) {
    try {
      return Parser.parse(query);
    } catch (RuntimeException e) {
      return null; // execution already accepted it; an exact key is then the safe choice
    }
  }

  private static OperationDefinition operation(Document document, SubscriptionRequest request) {
    List<OperationDefinition> operations =
        document.getDefinitionsOfType(OperationDefinition.class).stream()
            .filter(
                op ->
                    request.operationName() == null || request.operationName().equals(op.getName()))
            .toList();
    return operations.size() == 1 ? operations.getFirst() : null;
  }

  /** The root field when it is written directly (not through a fragment); else null. */
  private static Field singleRootField(SelectionSet selections) {
    return selections.getSelections().size() == 1
            && selections.getSelections().getFirst() instanceof Field field
        ? field
        : null;
  }

  private static Document without(
      Document document, OperationDefinition operation, Field root, Argument argument) {
    Field stripped =
        root.transform(
            b -> b.arguments(root.getArguments().stream().filter(a -> a != argument).toList()));
    OperationDefinition changed =
        operation.transform(b -> b.selectionSet(new SelectionSet(List.of(stripped))));
    return document.transform(
        b ->
            b.definitions(
                document.getDefinitions().stream()
                    .map(d -> d == operation ? changed : d)
                    .toList()));
  }
}
