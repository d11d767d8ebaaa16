package io.agentry.core.memory;

import io.agentry.core.memory.embedding.MiniLmEmbedder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns text into vectors for the {@link VectorMemory}. Calls never block the caller's thread: the
 * model runs on worker threads and answers through the returned future. Blank text fails with
 * {@code BAD_USER_INPUT}; a model that cannot be loaded fails calls with {@code UNAVAILABLE}.
 */
public interface Embedder {

  /**
   * The in-process MiniLM model (all-MiniLM-L6-v2, quantised; 384 dimensions). The model loads once
   * per JVM, on the first call, offline: DJL is told not to call home or download anything, and
   * keeps its native-library cache under {@code dataDir/djl}.
   */
  static Embedder miniLm(Vertx vertx, Path dataDir) {
    return MiniLmEmbedder.create(vertx, dataDir);
  }

  Future<float[]> embed(String text);

  /** One vector per text, in the order given. An empty list gives an empty list. */
  Future<List<float[]>> embedAll(List<String> texts);

  /** The length of every vector this embedder produces. */
  int dimensions();

  /** A name for the model, recorded with the collections that hold its vectors. */
  String modelName();

  /** Releases this embedder's worker threads; the model itself stays loaded for the JVM. */
  Future<Void> close();
}
