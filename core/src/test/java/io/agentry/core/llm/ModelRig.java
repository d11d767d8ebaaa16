package io.agentry.core.llm;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.config.AgentryConfig.ModelSettings;
import io.agentry.core.llm.cache.ResponseCache;
import io.agentry.core.llm.usage.UsageStore;
import io.agentry.core.testing.ScriptedModelServer;
import io.agentry.core.testing.TestConfig;
import io.agentry.core.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything a model-client test needs, real except the model: a scripted model server on loopback,
 * the test database, Redis, and a client whose one provider ({@code scripted}) is that server.
 * Retries back off from 50 ms so tests stay quick.
 */
final class ModelRig implements AutoCloseable {

  static final String MODEL = "scripted/test-model";

  final Vertx vertx;
  final ScriptedModelServer server;
  final Pool pool;
  final UsageStore usage;
  final Redis redis;
  final ModelSettings settings;
  final ModelCatalog catalog;
  final ModelClient client;

  private ModelRig(Vertx vertx, ScriptedModelServer server, Map<String, String> overrides) {
    this.vertx = vertx;
    this.server = server;
    Map<String, String> env = new HashMap<>();
    env.put("AGENTRY_MODELS_PROVIDERS", "scripted=" + server.baseUrl());
    env.put("AGENTRY_MODELS_API_KEY_ENV", "scripted=SCRIPTED_KEY");
    env.put("AGENTRY_MODELS_ROUTES", "*:1-10=" + MODEL);
    env.put("AGENTRY_MODELS_PRICES", MODEL + "=1.5:6");
    env.put("AGENTRY_MODELS_RETRY_BASE_MS", "50");
    env.put("AGENTRY_MODELS_MAX_ATTEMPTS", "3");
    env.put("AGENTRY_MODELS_TIMEOUT_MS", "10000");
    env.putAll(overrides);
    AgentryConfig config = TestConfig.load(env);
    this.settings = config.models();
    this.catalog = ModelCatalog.create(settings, Map.of("SCRIPTED_KEY", "sk-test-secret"));
    this.pool = TestDatabase.pool(vertx);
    this.usage = UsageStore.create(pool);
    this.redis = Redis.createClient(vertx, config.redis().url());
    this.client = client(ModelClient.httpProviders(vertx, settings, catalog));
  }

  static ModelRig start() {
    return start(Map.of());
  }

  static ModelRig start(Map<String, String> overrides) {
    Vertx vertx = Vertx.vertx();
    ScriptedModelServer server = ScriptedModelServer.start(vertx).await();
    return new ModelRig(vertx, server, overrides);
  }

  /** A client on the same database and cache with other providers, e.g. a replay. */
  ModelClient client(Map<String, ModelProvider> providers) {
    return ModelClient.create(
        vertx,
        settings,
        catalog,
        providers,
        usage,
        ResponseCache.redis(redis, Duration.ofSeconds(settings.cacheTtlSeconds())));
  }

  @Override
  public void close() {
    server.close().await();
    redis.close();
    pool.close().await();
    vertx.close().await();
  }
}
