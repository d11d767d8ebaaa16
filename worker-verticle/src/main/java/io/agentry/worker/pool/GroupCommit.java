package io.agentry.worker.pool;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Groups writes that arrive close together into one database round trip. An idle batcher writes on
 * the next event-loop turn, so a lone write waits for nothing; while one batch is being written the
 * next one collects, so under load each round trip carries many writes. Confined to one Vert.x
 * context.
 *
 * @param <K> what identifies an item (the result map is keyed by it)
 * @param <V> the data to write with it
 * @param <R> what the write returns for an item it accepted
 */
final class GroupCommit<K, V, R> {

  private final Context context;
  private final int maxBatch;
  private final Function<List<Item<K, V>>, Future<Map<K, R>>> write;
  private List<Pending<K, V, R>> buffer = new ArrayList<>();
  private boolean writing;

  GroupCommit(Context context, int maxBatch, Function<List<Item<K, V>>, Future<Map<K, R>>> write) {
    this.context = context;
    this.maxBatch = maxBatch;
    this.write = write;
  }

  /** Completes with the write's result for this item, or empty when the write refused it. */
  Future<Optional<R>> add(K key, V value) {
    Promise<Optional<R>> promise = Promise.promise();
    buffer.add(new Pending<>(new Item<>(key, value), promise));
    if (!writing) {
      writing = true;
      context.runOnContext(v -> writeNext());
    }
    return promise.future();
  }

  private void writeNext() {
    if (buffer.isEmpty()) {
      writing = false;
      return;
    }
    List<Pending<K, V, R>> batch;
    if (buffer.size() <= maxBatch) {
      batch = buffer;
      buffer = new ArrayList<>();
    } else {
      batch = new ArrayList<>(buffer.subList(0, maxBatch));
      buffer = new ArrayList<>(buffer.subList(maxBatch, buffer.size()));
    }
    Future<Map<K, R>> written;
    try {
      written = write.apply(batch.stream().map(Pending::item).toList());
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(
        done -> {
          for (Pending<K, V, R> pending : batch) {
            if (done.succeeded()) {
              pending
                  .promise()
                  .complete(Optional.ofNullable(done.result().get(pending.item().key())));
            } else {
              pending.promise().fail(done.cause());
            }
          }
          writeNext();
        });
  }

  record Item<K, V>(K key, V value) {}

  private record Pending<K, V, R>(Item<K, V> item, Promise<Optional<R>> promise) {}
}
