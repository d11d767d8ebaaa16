package io.agentry.node.cli;

import io.agentry.node.cli.WsSession.Closed;
import io.agentry.node.cli.WsSession.Failed;
import io.agentry.node.cli.WsSession.Next;
import io.agentry.node.cli.WsSession.Signal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Follows one goal live until it ends, through two subscriptions on one connection: {@code
 * taskUpdates(projectId)} (filtered to the task) for the status line and {@code
 * ledgerEvents(projectId, afterSeq)} for a line per step. A dropped connection is opened again with
 * backoff, and the ledger resumes after the last seq seen, so no step is shown twice or skipped;
 * task changes missed meanwhile are caught up by reading the task once after every (re)connect.
 *
 * <p>The goal has ended when the task is COMPLETED, FAILED or CANCELLED; the run's final ledger
 * event (GoalCompleted, GoalStopped, …) is committed with that status, so the follower waits a
 * moment for it to arrive before it reads the task one last time for the summary.
 */
final class GoalFollower {

  static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "CANCELLED");

  private static final String TASK_UPDATES =
      "subscription($p: ID!) { taskUpdates(projectId: $p) {"
          + " id status stage progress currentStep goalRun { iteration } } }";
  private static final String LEDGER_EVENTS =
      "subscription($p: ID!, $after: Int) { ledgerEvents(projectId: $p, afterSeq: $after) {"
          + " seq type source payload createdAt } }";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration PING_EVERY = Duration.ofSeconds(10);
  private static final Duration SILENCE_LIMIT = Duration.ofSeconds(25);
  private static final Duration LAST_EVENT_GRACE = Duration.ofSeconds(3);
  private static final long MAX_BACKOFF_MS = 5_000;

  private final ApiClient api;
  private final String projectId;
  private final String taskId;
  private final FollowView view;
  private final Duration giveUpAfter;
  private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();

  private long lastSeq;
  private JsonArray lastGates;
  private boolean terminalSeen;
  private long finishedAtNanos;
  private long pingedAt = System.nanoTime();

  GoalFollower(
      ApiClient api,
      String projectId,
      String taskId,
      long afterSeq,
      FollowView view,
      Duration giveUpAfter) {
    this.api = api;
    this.projectId = projectId;
    this.taskId = taskId;
    this.lastSeq = afterSeq;
    this.view = view;
    this.giveUpAfter = giveUpAfter;
  }

  /** Follows until the goal ends; returns the task as it ended. */
  JsonObject follow() throws CliException, InterruptedException {
    long started = System.nanoTime();
    WsSession session = connect();
    try {
      while (!done()) {
        Signal signal = signals.poll(250, TimeUnit.MILLISECONDS);
        if (signal != null && signal.session() != session) {
          continue; // a late message of a connection we already gave up
        }
        if (signal instanceof Next next) {
          onNext(next);
        } else if (signal instanceof Failed failed) {
          throw new CliException(
              AgentryCli.EXIT_API_ERROR,
              "the node refused the '" + failed.id() + "' subscription: " + failed.message());
        } else if (signal instanceof Closed closed) {
          view.line("connection: " + closed.reason() + "; reconnecting");
          session = reconnect(session);
        } else if (session.silentFor().compareTo(SILENCE_LIMIT) > 0) {
          view.line(
              "connection: nothing heard for " + SILENCE_LIMIT.toSeconds() + " s; reconnecting");
          session = reconnect(session);
        } else if (session.silentFor().compareTo(PING_EVERY) > 0
            && System.nanoTime() - pingedAt > PING_EVERY.toNanos()) {
          session.ping();
          pingedAt = System.nanoTime();
        }
      }
    } finally {
      session.close();
    }
    JsonObject task = finalTask();
    view.finished(task, lastGates, Duration.ofNanos(System.nanoTime() - started));
    return task;
  }

  /** The task as it ended; the node may have gone away just now, so a few tries. */
  private JsonObject finalTask() throws CliException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return api.task(taskId);
      } catch (CliException e) {
        if (!e.retryable() || attempt == 5) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
  }

  private boolean done() {
    return finishedAtNanos != 0
        && (terminalSeen || System.nanoTime() - finishedAtNanos > LAST_EVENT_GRACE.toNanos());
  }

  private void onNext(Next next) {
    if (next.data() == null) {
      return;
    }
    if ("ledger".equals(next.id())) {
      JsonObject event = next.data().getJsonObject("ledgerEvents");
      long seq = event.getLong("seq", 0L);
      if (seq <= lastSeq) {
        return;
      }
      lastSeq = seq;
      if (!EventLines.belongsTo(event, taskId)) {
        return;
      }
      view.step(event);
      String type = event.getString("type", "");
      if ("GatesEvaluated".equals(type)) {
        lastGates = event.getJsonObject("payload").getJsonArray("gates");
      }
      if (EventLines.TERMINAL.contains(type)) {
        terminalSeen = true;
      }
    } else if ("task".equals(next.id())) {
      JsonObject task = next.data().getJsonObject("taskUpdates");
      if (taskId.equals(task.getString("id"))) {
        onTask(task);
      }
    }
  }

  private void onTask(JsonObject task) {
    view.task(task);
    if (FINISHED.contains(task.getString("status")) && finishedAtNanos == 0) {
      finishedAtNanos = System.nanoTime();
    }
  }

  /** One connection with both subscriptions, then the task read once to catch up. */
  private WsSession connect() throws CliException, InterruptedException {
    WsSession session =
        WsSession.open(api.http(), api.webSocketUri(), api.token(), signals, CONNECT_TIMEOUT);
    JsonObject project = new JsonObject().put("p", projectId);
    session.subscribe("task", TASK_UPDATES, project);
    session.subscribe("ledger", LEDGER_EVENTS, project.copy().put("after", lastSeq));
    try {
      onTask(api.task(taskId));
    } catch (CliException e) {
      session.abort();
      throw e;
    }
    return session;
  }

  /** Tries again with backoff until connected, or gives up after {@code giveUpAfter}. */
  private WsSession reconnect(WsSession dead) throws CliException, InterruptedException {
    dead.abort();
    long deadline = System.nanoTime() + giveUpAfter.toNanos();
    long backoff = 250;
    while (true) {
      Thread.sleep(backoff);
      try {
        WsSession session = connect();
        view.line("connection: reconnected, resuming after ledger seq " + lastSeq);
        return session;
      } catch (CliException e) {
        if (!e.retryable()) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          throw new CliException(
              AgentryCli.EXIT_API_ERROR,
              "lost the node for "
                  + giveUpAfter.toSeconds()
                  + " s ("
                  + e.getMessage()
                  + "); the goal goes on without us: bin/agentry follow "
                  + taskId);
        }
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        view.line("connection: " + e.getMessage() + "; trying again in " + backoff + " ms");
      }
    }
  }
}
