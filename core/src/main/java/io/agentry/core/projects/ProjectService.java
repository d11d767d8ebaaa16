package io.agentry.core.projects;

import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.projects.pg.PgProjectService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/**
 * Projects. Creating one appends {@code ProjectCreated} (source {@code USER}) as the first event of
 * its ledger, in the same transaction. Errors: {@code BAD_USER_INPUT} (name empty, too long or
 * taken in the tenant), {@code NOT_FOUND} (no such project or tenant).
 */
public interface ProjectService {

  int MAX_NAME = 200;
  int MAX_DESCRIPTION = 10_000;

  static ProjectService create(Pool pool, LedgerStore ledger) {
    return PgProjectService.create(pool, ledger);
  }

  Future<Project> create(UUID tenantId, String name, String description);

  Future<Project> get(UUID projectId);
}
