package io.agentry.api.testing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool that counts the statements issued straight on it (reads) and the connections taken from it
 * (each transaction). Counting happens when a statement is created, which for this client is once
 * per execution.
 */
public final class CountingPool implements Pool {

  private final Pool delegate;
  private final AtomicInteger statements = new AtomicInteger();

  public CountingPool(Pool delegate) {
    this.delegate = delegate;
  }

  public int statements() {
    return statements.get();
  }

  public void reset() {
    statements.set(0);
  }

  @Override
  public Future<SqlConnection> getConnection() {
    statements.incrementAndGet();
    return delegate.getConnection();
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    statements.incrementAndGet();
    return delegate.query(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    statements.incrementAndGet();
    return delegate.preparedQuery(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    statements.incrementAndGet();
    return delegate.preparedQuery(sql, options);
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }
}
