package io.agentry.node.demo;

import io.agentry.core.auth.ApiKeyStore;
import io.agentry.core.auth.IssuedKey;
import io.agentry.core.auth.Role;
import io.agentry.core.node.NodeServices;
import io.agentry.node.cli.ApiClient;
import io.agentry.node.cli.CliException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code agentry start --demo}: the whole loop without a model. The node's every model call goes to
 * a lenient replay of a recorded run of {@link #GOAL} ({@link #RECORDING}, made by {@code
 * DemoRecordingGenerator} in the node's tests from the scripted model of the end-to-end test), and
 * once the node is up the goal is submitted to project {@value #PROJECT} of the bootstrap tenant
 * through the node's own GraphQL API — the path any user's goal takes. The replay matches calls by
 * their shape (see {@code ReplayProvider}), so the same goal can be submitted again, by the CLI or
 * the dashboard, as often as wanted; any other goal gets the recorded answers too.
 */
public final class DemoGoal {

  /** The sample goal; with a real model configured (and no --demo) it runs for real. */
  public static final String GOAL =
      "A stats module: mean() of a list of numbers, 0.0 for an empty list";

  public static final String PROJECT = "demo";

  /** The recorded run on the class path. */
  public static final String RECORDING = "demo/python-stats.json";

  /** The tenant the api role's bootstrap admin key belongs to (see ApiVerticle). */
  static final String TENANT = "default";

  static final String PROVIDER = "replay";
  static final String MODEL = "python-stats";

  /** What the demo's goal became. */
  public record Submitted(String projectId, String taskId) {}

  private DemoGoal() {}

  /**
   * The configuration environment of a demo node: {@code base} with the model section pointed at
   * the replay — one provider, every role and complexity routed to it, no API keys, no response
   * cache (the replay is the only source of answers).
   */
  public static Map<String, String> environment(Map<String, String> base) {
    Map<String, String> env = new HashMap<>(base);
    env.put("AGENTRY_MODELS_PROVIDERS", PROVIDER + "=replay:classpath:" + RECORDING);
    env.put("AGENTRY_MODELS_ROUTES", "*:1-10=" + PROVIDER + "/" + MODEL);
    env.put("AGENTRY_MODELS_API_KEY_ENV", "");
    env.put("AGENTRY_MODELS_PRICES", "");
    env.put("AGENTRY_MODELS_CACHE_ENABLED", "false");
    return env;
  }

  /**
   * Submits {@link #GOAL} to project {@value #PROJECT} (created when missing) of the bootstrap
   * tenant, through the GraphQL API at {@code base}. The call carries a key of role user minted for
   * it and revoked right after, so no token is written anywhere.
   */
  public static Submitted submit(NodeServices services, URI base) throws CliException {
    Pool pool = services.pg();
    UUID tenant = bootstrapTenant(pool);
    ApiKeyStore keys = ApiKeyStore.create(pool);
    IssuedKey key = keys.create(tenant, "demo goal", Role.USER).await();
    try {
      ApiClient api = new ApiClient(base, key.token());
      JsonObject project = api.ensureProject(PROJECT);
      ApiClient.Submission submission = api.submitGoal(project.getString("id"), GOAL);
      return new Submitted(submission.projectId(), submission.taskId());
    } finally {
      keys.revoke(tenant, key.key().id()).await();
    }
  }

  /** What to print once the goal is submitted: where to watch it. */
  public static String describe(Submitted submitted, URI base, boolean graphiql) {
    StringBuilder out = new StringBuilder();
    out.append("Demo goal submitted (models replay a recorded run: no model server needed)\n");
    out.append("  goal       ").append(GOAL).append('\n');
    out.append("  project    ")
        .append(PROJECT)
        .append(" (")
        .append(submitted.projectId())
        .append(")\n");
    out.append("  task       ").append(submitted.taskId()).append('\n');
    out.append("  follow     bin/agentry follow ").append(submitted.taskId()).append('\n');
    out.append("  again      bin/agentry submit \"")
        .append(GOAL)
        .append("\" --project ")
        .append(PROJECT)
        .append(" --follow\n");
    out.append("  dashboard  ").append(base).append("/\n");
    if (graphiql) {
      out.append("  graphiql   ")
          .append(base)
          .append("/graphiql/  { task(id: \"")
          .append(submitted.taskId())
          .append(
              "\") { status stage progress currentStep goalRun { state phase iteration } } }\n");
    }
    out.append("  (the CLI and GraphiQL need an API key: AGENTRY_API_KEY, or the admin key file")
        .append(" in node.dataDir)");
    return out.toString();
  }

  /** The tenant named {@value #TENANT}, created when missing, as the api's bootstrap does. */
  private static UUID bootstrapTenant(Pool pool) {
    return pool.preparedQuery(
            "INSERT INTO tenants (id, name) VALUES ($1, $2)"
                + " ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id")
        .execute(Tuple.of(UUID.randomUUID(), TENANT))
        .await()
        .iterator()
        .next()
        .getUUID("id");
  }
}
