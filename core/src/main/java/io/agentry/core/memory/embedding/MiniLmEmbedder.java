package io.agentry.core.memory.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.memory.Embedder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 (quantised) on ONNX Runtime, in process. Inference runs on a small shared worker
 * pool of its own, so that embedding never blocks an event loop and a burst of embeddings cannot
 * starve the default worker pool. Texts longer than the model's window (510 tokens) are embedded in
 * parts and averaged by the library.
 */
public final class MiniLmEmbedder implements Embedder {

  public static final int DIMENSIONS = 384;
  public static final String MODEL_NAME = "all-minilm-l6-v2-q";

  private static final Logger LOG = LoggerFactory.getLogger(MiniLmEmbedder.class);
  private static final String POOL_NAME = "agentry-embedding";
  private static final int POOL_SIZE =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private final WorkerExecutor workers;

  private MiniLmEmbedder(WorkerExecutor workers) {
    this.workers = workers;
  }

  /** Configures DJL for offline use at once; the model itself loads on the first call. */
  public static MiniLmEmbedder create(Vertx vertx, Path dataDir) {
    DjlOffline.configure(dataDir.resolve("djl"));
    return new MiniLmEmbedder(vertx.createSharedWorkerExecutor(POOL_NAME, POOL_SIZE));
  }

  @Override
  public Future<float[]> embed(String text) {
    if (text == null || text.isBlank()) {
      return Future.failedFuture(blank("text"));
    }
    return workers.executeBlocking(() -> Model.get().embed(text).content().vector(), false);
  }

  @Override
  public Future<List<float[]>> embedAll(List<String> texts) {
    if (texts == null) {
      return Future.failedFuture(new AgentryException(ErrorCode.BAD_USER_INPUT, "texts is null"));
    }
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null || texts.get(i).isBlank()) {
        return Future.failedFuture(blank("texts[" + i + "]"));
      }
    }
    if (texts.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    return workers.executeBlocking(
        () -> Model.get().embedAll(segments).content().stream().map(Embedding::vector).toList(),
        false);
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public String modelName() {
    return MODEL_NAME;
  }

  @Override
  public Future<Void> close() {
    return workers.close();
  }

  private static AgentryException blank(String field) {
    return new AgentryException(ErrorCode.BAD_USER_INPUT, field + " must not be blank");
  }

  /**
   * The model, loaded once per JVM by the first call that needs it, on that call's worker thread.
   * Loading the model class reads the ONNX graph and the tokenizer from the jar and extracts both
   * native libraries (about a second). A failed load is final for the JVM (the class stays
   * unusable), so it is remembered and reported on every later call.
   */
  private static final class Model {
    private static volatile EmbeddingModel instance;
    private static AgentryException failure;

    static EmbeddingModel get() {
      EmbeddingModel loaded = instance;
      return loaded != null ? loaded : load();
    }

    private static synchronized EmbeddingModel load() {
      if (instance != null) {
        return instance;
      }
      if (failure != null) {
        throw failure;
      }
      long start = System.nanoTime();
      try {
        // A same-thread executor: a batch runs on this worker, not on a pool of the library's own.
        instance = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
      } catch (LinkageError | RuntimeException e) {
        failure =
            new AgentryException(
                ErrorCode.UNAVAILABLE,
                "the embedding model " + MODEL_NAME + " could not be loaded: " + e,
                e);
        LOG.error("embedding model {} failed to load", MODEL_NAME, e);
        throw failure;
      }
      LOG.info(
          "embedding model {} loaded in {} ms",
          MODEL_NAME,
          (System.nanoTime() - start) / 1_000_000);
      return instance;
    }
  }
}
