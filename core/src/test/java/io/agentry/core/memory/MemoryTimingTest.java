package io.agentry.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.testing.TestConfig;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small measurement, logged and not asserted (timings depend on the machine): embedding time per
 * sentence, one at a time and in a batch, and the latency of a store and a search. The assertions
 * check only that every sentence is found first when searched for.
 */
class MemoryTimingTest {

  private static final Logger LOG = LoggerFactory.getLogger(MemoryTimingTest.class);

  static final List<String> SENTENCES =
      List.of(
          "ZeroDivisionError: division by zero in average()",
          "KeyError: 'user_id' when reading the request payload",
          "IndexError: list index out of range in paginate()",
          "TypeError: unsupported operand type(s) for +: 'int' and 'str'",
          "AssertionError: expected status 201 but the API returned 400",
          "ModuleNotFoundError: No module named 'requests'",
          "psycopg2.OperationalError: could not connect to the database server",
          "RecursionError: maximum recursion depth exceeded while parsing the tree",
          "The login form must lock the account after five failed attempts",
          "Export the monthly report as CSV with one row per invoice",
          "def slugify(title): return re.sub(r'[^a-z0-9]+', '-', title.lower()).strip('-')",
          "SELECT customer_id, SUM(total) FROM orders GROUP BY customer_id",
          "Use a bounded retry with exponential back-off for the payment gateway",
          "The dashboard shows live progress of every running goal",
          "Guard against an empty list before dividing by its length",
          "Cache the exchange rates for ten minutes to stay under the rate limit",
          "FileNotFoundError: config.yaml is missing from the working directory",
          "JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
          "The CLI prints a progress bar while it follows a goal",
          "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0");

  @Test
  void measure_embedding_and_search_latency() {
    Vertx vertx = Vertx.vertx();
    AgentryConfig config = TestConfig.load();
    Embedder embedder = Embedder.miniLm(vertx, config.node().dataDir());
    VectorMemory memory = VectorMemory.create(vertx, config, embedder);
    UUID tenant = UUID.randomUUID();
    try {
      embedder.embed("warm up the model and the JIT").await();
      for (String s : SENTENCES) {
        embedder.embed(s).await();
      }

      long t0 = System.nanoTime();
      for (String s : SENTENCES) {
        embedder.embed(s).await();
      }
      double singleMs = ms(t0) / SENTENCES.size();
      t0 = System.nanoTime();
      embedder.embedAll(SENTENCES).await();
      double batchMs = ms(t0) / SENTENCES.size();

      var c = MemoryCollection.ERROR_PATTERNS;
      memory.store(tenant, c, "warm", "warm up the collection", null).await();
      t0 = System.nanoTime();
      for (int i = 0; i < SENTENCES.size(); i++) {
        memory.store(tenant, c, "s" + i, SENTENCES.get(i), null).await();
      }
      double storeMs = ms(t0) / SENTENCES.size();

      List<Double> searches = new ArrayList<>();
      for (int i = 0; i < SENTENCES.size(); i++) {
        long s0 = System.nanoTime();
        List<MemoryHit> hits = memory.search(tenant, c, SENTENCES.get(i), 5, null).await();
        searches.add(ms(s0));
        assertThat(hits.getFirst().id()).isEqualTo("s" + i);
      }
      float[] vector = embedder.embed(SENTENCES.getFirst()).await();
      assertThat(vector).hasSize(384);
      searches.sort(Double::compare);

      LOG.info(
          "memory timings over {} sentences: embed {} ms/sentence one by one, {} ms/sentence in a"
              + " batch; store (embed + upsert) {} ms; search (embed + query) median {} ms, max {}"
              + " ms",
          SENTENCES.size(),
          round(singleMs),
          round(batchMs),
          round(storeMs),
          round(searches.get(searches.size() / 2)),
          round(searches.getLast()));
    } finally {
      memory.forgetTenant(tenant).await();
      memory.close().await();
      embedder.close().await();
      vertx.close().await();
    }
  }

  private static double ms(long since) {
    return (System.nanoTime() - since) / 1e6;
  }

  private static String round(double ms) {
    return String.format("%.1f", ms);
  }
}
