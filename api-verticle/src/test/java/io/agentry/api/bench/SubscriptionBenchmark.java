package io.agentry.api.bench;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.core.auth.Role;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.persistence.PgPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/subscriptions/run.sh}: N WebSocket subscribers to one project's {@code ledgerEvents}
 * on one api node; E events appended through a separate pool (as another node would); latency =
 * append start to arrival at each subscriber. Not a test (no {@code *Test} name): surefire runs it
 * only when asked by name.
 */
class SubscriptionBenchmark {

  @Test
  void run() throws Exception {
    int subscribers = Integer.getInteger("bench.subscribers", 1000);
    int events = Integer.getInteger("bench.events", 200);
    int ratePerSecond = Integer.getInteger("bench.rate", 100);
    try (ApiTestNode api = ApiTestNode.start(Map.of("AGENTRY_HTTP_RATE_LIMIT_BURST", "1000000"))) {
      String key = api.key(api.newTenant(), Role.USER);
      String projectId =
          api.data(key, "mutation { createProject(input: {name: \"bench\"}) { id } }", null)
              .getJsonObject("createProject")
              .getString("id");
      Vertx clients = Vertx.vertx();
      Vertx writer = Vertx.vertx();
      long[][] latencies = new long[subscribers][events];
      int[] counts = new int[subscribers];
      CountDownLatch acked = new CountDownLatch(subscribers);
      CountDownLatch done = new CountDownLatch(subscribers);
      AtomicLong lastArrival = new AtomicLong();
      // Several clients, so that the subscribers' reading is spread over the client Vert.x's
      // event loops instead of measuring one client thread's JSON parsing.
      var ws = new io.vertx.core.http.WebSocketClient[4];
      for (int c = 0; c < ws.length; c++) {
        ws[c] = clients.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(5000));
      }
      String query =
          "subscription { ledgerEvents(projectId: \""
              + projectId
              + "\", afterSeq: 1) { payload } }";
      List<Future<?>> connects = new ArrayList<>();
      for (int i = 0; i < subscribers; i++) {
        int me = i;
        if (i % 100 == 0) {
          // Connect in waves: a thousand handshakes at once would only measure the key lookups.
          Future.all(connects).await();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (acked.getCount() > subscribers - i) {
            if (System.nanoTime() > deadline) {
              throw new AssertionError(
                  (subscribers - acked.getCount()) + " of " + i + " subscribers acknowledged");
            }
            Thread.sleep(10);
          }
        }
        connects.add(
            ws[i % ws.length]
                .connect(
                    new WebSocketConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(api.api.actualPort())
                        .setURI("/graphql")
                        .addSubProtocol("graphql-transport-ws"))
                .onSuccess(
                    socket -> {
                      socket.textMessageHandler(
                          text -> {
                            long now = System.nanoTime();
                            JsonObject m = new JsonObject(text);
                            switch (m.getString("type")) {
                              case "connection_ack" -> {
                                socket.writeTextMessage(
                                    new JsonObject()
                                        .put("id", "1")
                                        .put("type", "subscribe")
                                        .put("payload", new JsonObject().put("query", query))
                                        .encode());
                                acked.countDown();
                              }
                              case "next" -> {
                                long sent =
                                    m.getJsonObject("payload")
                                        .getJsonObject("data")
                                        .getJsonObject("ledgerEvents")
                                        .getJsonObject("payload")
                                        .getLong("sentNanos");
                                if (counts[me] < events) {
                                  latencies[me][counts[me]++] = now - sent;
                                  lastArrival.accumulateAndGet(now, Math::max);
                                  if (counts[me] == events) {
                                    done.countDown();
                                  }
                                }
                              }
                              default -> {}
                            }
                          });
                      socket.writeTextMessage(
                          new JsonObject()
                              .put("type", "connection_init")
                              .put(
                                  "payload", new JsonObject().put("authorization", "Bearer " + key))
                              .encode());
                    }));
      }
      Future.all(connects).await();
      if (!acked.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("not all subscribers were acknowledged");
      }
      Thread.sleep(2000); // subscriptions registered and replay (nothing after seq 1) done

      LedgerStore ledger = LedgerStore.create(PgPools.create(writer, api.node.config().postgres()));
      UUID project = UUID.fromString(projectId);
      long intervalNanos = 1_000_000_000L / ratePerSecond;
      long start = System.nanoTime();
      for (int e = 0; e < events; e++) {
        long due = start + e * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        ledger
            .append(
                project,
                Source.SYSTEM,
                null,
                "BenchTick",
                new JsonObject().put("sentNanos", System.nanoTime()))
            .await();
      }
      boolean complete = done.await(120, TimeUnit.SECONDS);
      long elapsed = lastArrival.get() - start;
      long[] all =
          Arrays.stream(latencies)
              .flatMapToLong(row -> Arrays.stream(row))
              .filter(v -> v > 0)
              .sorted()
              .toArray();
      long delivered = all.length;
      System.out.println();
      System.out.println(
          "| subscribers | events | offered rate | delivered | p50 ms | p99 ms | max ms | events/s |"
              + " deliveries/s |");
      System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
      System.out.printf(
          "| %d | %d | %d/s | %d of %d%s | %.1f | %.1f | %.1f | %.0f | %.0f |%n",
          subscribers,
          events,
          ratePerSecond,
          delivered,
          (long) subscribers * events,
          complete ? "" : " (incomplete)",
          all[(int) (delivered * 0.50)] / 1e6,
          all[(int) Math.min(delivered - 1, delivered * 0.99)] / 1e6,
          all[(int) delivered - 1] / 1e6,
          delivered / (double) subscribers / (elapsed / 1e9),
          delivered / (elapsed / 1e9));
      for (int b = 0; b < 10; b++) {
        int from = events * b / 10;
        int to = events * (b + 1) / 10;
        long[] bucket =
            Arrays.stream(latencies)
                .flatMapToLong(row -> Arrays.stream(row, from, to))
                .filter(v -> v > 0)
                .sorted()
                .toArray();
        if (bucket.length > 0) {
          System.out.printf(
              "| events %d-%d | p50 %.1f | p99 %.1f |%n",
              from,
              to,
              bucket[bucket.length / 2] / 1e6,
              bucket[(int) (bucket.length * 0.99)] / 1e6);
        }
      }
      System.out.println();
      clients.close().await();
      writer.close().await();
    }
  }
}
