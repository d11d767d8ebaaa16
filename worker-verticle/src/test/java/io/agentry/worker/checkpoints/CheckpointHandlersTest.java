package io.agentry.worker.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.FlapPolicy;
import io.agentry.core.cluster.ClusterView;
import io.agentry.core.goals.CheckpointJobs;
import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobContext;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.JobStores;
import io.agentry.core.jobs.NewJob;
import io.agentry.core.jobs.NonRetryableJobException;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.ledger.PgTestFixture;
import io.agentry.core.node.NodeIdentity;
import io.agentry.core.node.NodeMetrics;
import io.agentry.core.node.NodeRole;
import io.agentry.core.node.NodeServices;
import io.agentry.core.node.NodeServicesFactory;
import io.agentry.core.tasks.NewTask;
import io.agentry.core.tasks.Task;
import io.agentry.core.tasks.TaskService;
import io.agentry.core.testing.TestConfig;
import io.agentry.worker.agent.AgentRuntime;
import io.agentry.worker.handlers.HandlerRegistry;
import io.agentry.worker.workspace.CommitInfo;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The checkpoint and rollback handlers on a real git workspace, the test database and the ledger,
 * called the way a worker pool calls them; each job is run twice, as after a crash.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckpointHandlersTest {

  /**
   * The worker tests' data directory (as {@code AgentRig}'s): JGit is pointed at a node's data
   * directory once per JVM, so every worker test uses the same one. Task ids keep workspaces apart.
   */
  private static final Path DATA_DIR = Path.of("target", "agentry-test-data").toAbsolutePath();

  private PgTestFixture db;
  private AgentRuntime runtime;
  private HandlerRegistry handlers;
  private JobStore jobs;
  private TaskService tasks;
  private LedgerStore ledger;
  private UUID project;

  @BeforeAll
  void start() {
    db = PgTestFixture.start();
    var config =
        TestConfig.load(
            Map.of(
                "AGENTRY_MODELS_PROVIDERS", "local=http://127.0.0.1:1/v1",
                "AGENTRY_MODELS_API_KEY_ENV", "",
                "AGENTRY_MODELS_ROUTES", "*:1-10=local/some-model",
                "AGENTRY_NODE_DATA_DIR", DATA_DIR.toString(),
                "AGENTRY_WORKER_POOLS", "checkpoint-test=1"));
    NodeIdentity identity =
        new NodeIdentity(
            "checkpoint-test-" + UUID.randomUUID(),
            EnumSet.of(NodeRole.WORKER),
            "localhost",
            null,
            Instant.now());
    NodeServices node =
        NodeServicesFactory.create(
            db.vertx(),
            config,
            identity,
            ClusterView.standalone(identity.id()),
            NodeMetrics.createRegistry());
    runtime = AgentRuntime.create(db.vertx(), node, Map.of()).await();
    handlers = CheckpointHandlers.register(new HandlerRegistry(), runtime, node);
    jobs = JobStores.create(node);
    ledger = LedgerStore.create(db.pool());
    tasks =
        TaskService.create(
            db.pool(), ledger, AgentService.create(db.pool(), ledger, FlapPolicy.defaults()));
    project = db.newProject(db.newTenant());
  }

  @AfterAll
  void stop() {
    db.close();
  }

  @Test
  void a_checkpoint_tags_the_workspace_and_stores_its_row_at_its_events_seq_once()
      throws Exception {
    Task task = newTask();
    Workspace ws = workspace(task);
    Files.writeString(ws.root().resolve("src/app.py"), "print('v1')\n"); // left uncommitted
    Job job = checkpointJob(task, "before-v2");

    JsonObject result = run(job);
    JsonObject again = run(job);

    assertThat(again).isEqualTo(result);
    assertThat(result.getString("name")).isEqualTo("before-v2");
    CommitInfo tagged = ws.checkpointCommit("before-v2").await().orElseThrow();
    assertThat(result.getString("commit")).isEqualTo(tagged.id());
    assertThat(ws.status().await().untracked()).as("pending changes were committed").isEmpty();
    Row row = checkpointRow(UUID.fromString(result.getString("checkpointId")));
    assertThat(row.getString("name")).isEqualTo("before-v2");
    assertThat(row.getString("commit_id")).isEqualTo(tagged.id());
    assertThat(row.getString("created_by")).isEqualTo("apikey:test");
    List<LedgerEvent> created = events(CheckpointJobs.CREATED_EVENT);
    assertThat(created).filteredOn(e -> jobOf(e) == job.id()).hasSize(1);
    LedgerEvent event = created.stream().filter(e -> jobOf(e) == job.id()).findFirst().get();
    assertThat(row.getLong("ledger_seq")).isEqualTo(event.seq());
    assertThat(event.payload().getString("commit")).isEqualTo(tagged.id());
    assertThat(event.source()).isEqualTo(LedgerEvent.Source.USER);
  }

  @Test
  void a_rollback_restores_the_files_in_a_new_commit_and_records_it_once() throws Exception {
    Task task = newTask();
    Workspace ws = workspace(task);
    Files.writeString(ws.root().resolve("src/app.py"), "print('v1')\n");
    JsonObject checkpoint = run(checkpointJob(task, "v1"));
    Files.writeString(ws.root().resolve("src/app.py"), "print('v2')\n");
    Files.writeString(ws.root().resolve("src/extra.py"), "x = 1\n");
    CommitInfo v2 = ws.commit("coder: v2", "rewrote app").await().orElseThrow();
    Files.writeString(ws.root().resolve("src/pending.py"), "unsaved = True\n");

    Job job = rollbackJob(task, checkpoint.getString("checkpointId"), "v2 broke the app");
    JsonObject result = run(job);
    JsonObject again = run(job);

    assertThat(again).isEqualTo(result);
    assertThat(result.getBoolean("changed")).isTrue();
    assertThat(result.getLong("checkpointLedgerSeq")).isEqualTo(checkpoint.getLong("ledgerSeq"));
    assertThat(result.getString("checkpointCommit")).isEqualTo(checkpoint.getString("commit"));
    assertThat(Files.readString(ws.root().resolve("src/app.py"))).isEqualTo("print('v1')\n");
    assertThat(ws.root().resolve("src/extra.py")).doesNotExist();
    assertThat(ws.root().resolve("src/pending.py")).doesNotExist();
    List<String> log = ws.log(10).await().stream().map(CommitInfo::summary).toList();
    assertThat(log.get(0)).isEqualTo("Roll back to checkpoint v1");
    assertThat(log.get(0)).as("one rollback commit, not two").isNotEqualTo(log.get(1));
    assertThat(log).contains("coder: v2", "Save uncommitted changes before rolling back");
    assertThat(result.getString("commit")).isEqualTo(ws.log(1).await().get(0).id());
    assertThat(result.getString("commit")).isNotEqualTo(v2.id());

    List<String> changed = new ArrayList<>();
    db.pool()
        .preparedQuery(
            "SELECT path, change_type, role, reasoning FROM code_changes WHERE commit_id = $1"
                + " ORDER BY path")
        .execute(Tuple.of(result.getString("commit")))
        .await()
        .forEach(
            r -> {
              changed.add(r.getString("path") + ":" + r.getString("change_type"));
              assertThat(r.getString("role")).isEqualTo("user");
              assertThat(r.getString("reasoning")).contains("v2 broke the app");
            });
    assertThat(changed)
        .containsExactly("src/app.py:modify", "src/extra.py:delete", "src/pending.py:delete");
    assertThat(events(CheckpointJobs.ROLLED_BACK_EVENT))
        .filteredOn(e -> jobOf(e) == job.id())
        .hasSize(1);
  }

  @Test
  void a_rollback_under_a_running_goal_and_a_taken_name_are_refused_for_good() throws Exception {
    Task task = newTask();
    workspace(task);
    JsonObject checkpoint = run(checkpointJob(task, "green"));
    db.pool()
        .preparedQuery(
            "INSERT INTO goal_runs (task_id, tenant_id, project_id, phase) VALUES ($1, $2, $3,"
                + " 'coding')")
        .execute(Tuple.of(task.id(), task.tenantId(), project))
        .await();

    assertThatThrownBy(() -> run(rollbackJob(task, checkpoint.getString("checkpointId"), null)))
        .isInstanceOf(NonRetryableJobException.class)
        .hasMessageStartingWith("ILLEGAL_STATE")
        .hasMessageContaining("running");
    assertThatThrownBy(() -> run(checkpointJob(task, "green")))
        .isInstanceOf(NonRetryableJobException.class)
        .hasMessageStartingWith("ILLEGAL_STATE");
    assertThatThrownBy(() -> run(rollbackJob(task, UUID.randomUUID().toString(), null)))
        .isInstanceOf(NonRetryableJobException.class)
        .hasMessageStartingWith("NOT_FOUND");
  }

  private Task newTask() {
    return tasks.create(new NewTask(project, null, "g", "", 0, 3, null, null)).await();
  }

  private Workspace workspace(Task task) {
    return runtime.workspaces().open("goal", task.id().toString()).await();
  }

  private Job checkpointJob(Task task, String name) {
    return job(
        task,
        CheckpointJobs.CHECKPOINT_KIND,
        CheckpointJobs.checkpointPayload(task.id(), null, UUID.randomUUID(), name, "apikey:test"));
  }

  private Job rollbackJob(Task task, String checkpointId, String reason) {
    return job(
        task,
        CheckpointJobs.ROLLBACK_KIND,
        CheckpointJobs.rollbackPayload(
            task.id(), null, UUID.fromString(checkpointId), reason, "apikey:test"));
  }

  private Job job(Task task, String kind, JsonObject payload) {
    NewJob job =
        NewJob.builder(CheckpointJobs.ROLE, kind)
            .payload(payload)
            .project(project)
            .task(task.id())
            .build();
    long id = jobs.enqueue(job).await().jobId();
    return jobs.find(id).await().orElseThrow();
  }

  private JsonObject run(Job job) {
    return handlers.forKind(job.kind()).handle(new JobContext(job)).await();
  }

  private Row checkpointRow(UUID id) {
    return db.pool()
        .preparedQuery("SELECT * FROM checkpoints WHERE id = $1")
        .execute(Tuple.of(id))
        .await()
        .iterator()
        .next();
  }

  private List<LedgerEvent> events(String type) {
    return ledger.since(project, 0, LedgerStore.MAX_PAGE).await().stream()
        .filter(e -> e.type().equals(type))
        .toList();
  }

  private static long jobOf(LedgerEvent event) {
    return event.payload().getLong("jobId");
  }
}
