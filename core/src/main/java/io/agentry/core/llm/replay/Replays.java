package io.agentry.core.llm.replay;

import io.agentry.core.config.AgentryConfig.ModelSettings;
import io.agentry.core.config.ConfigException;
import io.agentry.core.llm.ModelCatalog;
import io.agentry.core.llm.ModelProvider;
import io.agentry.core.llm.ProviderEndpoint;
import io.agentry.core.llm.openai.OpenAiCompatibleProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's model providers as the configuration asks for them: an HTTP provider per endpoint,
 * except endpoints whose base URL is {@code replay:LOCATION} — those answer from the recording at
 * {@code LOCATION} (a file, or {@code classpath:NAME}) with a lenient {@link ReplayProvider}, so
 * that a node runs whole goals without any model (the demo, {@code agentry start --demo}). With
 * {@code models.recordTo} set, every provider is wrapped in a {@link RecordingProvider} and the
 * file is rewritten after each answered call, so a run with a real (or scripted) model becomes a
 * recording to replay later. Calls answered from the response cache reach no provider and are not
 * recorded: turn {@code models.cacheEnabled} off while recording.
 */
public final class Replays {

  /** The base-URL scheme of a replayed provider. */
  public static final String SCHEME = "replay:";

  private static final Logger LOG = LoggerFactory.getLogger(Replays.class);

  private Replays() {}

  public static boolean isReplay(ProviderEndpoint endpoint) {
    return endpoint.baseUrl().startsWith(SCHEME);
  }

  /**
   * Builds the providers; fails with a {@link ConfigException} naming the provider when a recording
   * cannot be loaded.
   */
  public static Future<Map<String, ModelProvider>> providers(
      Vertx vertx, ModelSettings settings, ModelCatalog catalog) {
    Map<String, ModelProvider> providers = new ConcurrentHashMap<>();
    Duration connectTimeout = Duration.ofMillis(settings.connectTimeoutMs());
    List<Future<?>> loads = new ArrayList<>();
    for (ProviderEndpoint endpoint : catalog.endpoints()) {
      if (!isReplay(endpoint)) {
        // As ModelClient.httpProviders builds them.
        providers.put(
            endpoint.name(), OpenAiCompatibleProvider.create(vertx, endpoint, connectTimeout));
        continue;
      }
      String location = endpoint.baseUrl().substring(SCHEME.length());
      loads.add(
          ModelRecording.load(vertx, location)
              .recover(
                  e ->
                      Future.failedFuture(
                          new ConfigException(
                              "models.providers: '" + endpoint.name() + "': " + e.getMessage())))
              .onSuccess(
                  recording -> {
                    providers.put(
                        endpoint.name(), ReplayProvider.lenient(endpoint.name(), recording));
                    LOG.info(
                        "model provider '{}' replays {} ({} turns)",
                        endpoint.name(),
                        location,
                        recording.turns().size());
                  }));
    }
    return Future.all(loads).map(v -> recording(vertx, settings, ordered(catalog, providers)));
  }

  /** In the catalog's order (recordings load in any order). */
  private static Map<String, ModelProvider> ordered(
      ModelCatalog catalog, Map<String, ModelProvider> providers) {
    Map<String, ModelProvider> ordered = new LinkedHashMap<>();
    catalog.endpoints().forEach(e -> ordered.put(e.name(), providers.get(e.name())));
    return ordered;
  }

  private static Map<String, ModelProvider> recording(
      Vertx vertx, ModelSettings settings, Map<String, ModelProvider> providers) {
    String target = settings.recordTo();
    if (target == null || target.isBlank()) {
      return providers;
    }
    Path file = Path.of(target);
    ModelRecording recording = ModelRecording.empty();
    Object lock = new Object();
    Runnable save =
        () ->
            vertx
                .executeBlocking(
                    () -> {
                      synchronized (lock) {
                        write(file, recording);
                      }
                      return null;
                    })
                .onFailure(
                    e -> LOG.warn("cannot write model recording {}: {}", file, e.toString()));
    Map<String, ModelProvider> wrapped = new LinkedHashMap<>();
    providers.forEach(
        (name, provider) -> wrapped.put(name, RecordingProvider.wrap(provider, recording, save)));
    LOG.info("recording every answered model call to {}", file);
    return wrapped;
  }

  /** Whole file each time, through a temporary file: a reader never sees half a recording. */
  private static void write(Path file, ModelRecording recording) throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
    Files.writeString(temp, recording.toJson().encodePrettily() + "\n");
    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
