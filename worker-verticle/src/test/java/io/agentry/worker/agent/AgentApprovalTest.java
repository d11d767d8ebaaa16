package io.agentry.worker.agent;

import static io.agentry.core.testing.ScriptedTurn.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.FlapPolicy;
import io.agentry.core.jobs.Job;
import io.agentry.core.jobs.JobContext;
import io.agentry.core.jobs.JobState;
import io.agentry.core.jobs.JobStore;
import io.agentry.core.jobs.JobStores;
import io.agentry.core.jobs.NewJob;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ChatMessage;
import io.agentry.core.testing.ScriptedTurn;
import io.agentry.core.testing.TestDatabase;
import io.agentry.worker.handlers.HandlerRegistry;
import io.agentry.worker.pool.RolePool;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A risky tool call parks the job in {@code awaiting_approval} through a real {@link RolePool} and
 * {@link JobStore}; the verdict re-queues it and the step resumes: an approved call runs once, a
 * rejected one comes back to the model as an observation carrying the person's feedback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentApprovalTest {

  private final String role = TestDatabase.uniqueName("agent");
  private final Map<Long, Workspace> workspaces = new ConcurrentHashMap<>();
  private AgentRig rig;
  private JobStore jobs;
  private long poller;

  @BeforeAll
  void start() {
    rig =
        AgentRig.start(
            Map.of(
                "AGENTRY_QUEUE_POLL_INTERVAL_MS", "50",
                "AGENTRY_QUEUE_HEARTBEAT_INTERVAL_MS", "200"));
    jobs = JobStores.create(rig.node);
    HandlerRegistry handlers = new HandlerRegistry().register("agent-step", this::runStep);
    AgentService agents =
        AgentService.create(rig.node.pg(), rig.runtime.ledger(), FlapPolicy.defaults());
    Context context = rig.vertx.getOrCreateContext();
    RolePool pool =
        new RolePool(
            context,
            rig.node.identity().id(),
            role,
            2,
            jobs,
            handlers,
            agents,
            rig.config.queue(),
            report -> {});
    context.runOnContext(v -> poller = rig.vertx.setPeriodic(50, t -> pool.poll()));
  }

  @AfterAll
  void stop() {
    rig.vertx.cancelTimer(poller);
    rig.close();
  }

  @BeforeEach
  void reset() {
    rig.server.clearScript();
  }

  /** What a role handler does: one agent step per job, keyed by the job, with its verdict. */
  private Future<JsonObject> runStep(JobContext job) {
    Job j = job.job();
    CallContext call = new CallContext(j.projectId(), j.taskId(), j.id(), null, "coder", 3);
    AgentStep step =
        new AgentStep(
            AgentStep.keyOf(j.id()),
            call,
            workspaces.get(j.id()),
            AgentRig.AGENT,
            List.of(
                ChatMessage.system("You write files."),
                ChatMessage.user(job.payload().getString("goal"))),
            List.of(),
            StepLimits.defaults(),
            job.payload().getJsonObject("approval"));
    return rig.runtime.loop().run(step, job).map(StepOutcome::toJson);
  }

  @Test
  void an_approved_call_parks_the_job_then_runs_once_when_approved() throws Exception {
    int before = rig.server.requests().size();
    rig.server.enqueue(
        ScriptedTurn.toolCalls(
            call("w1", "write_file", "{\"path\":\"notes.txt\",\"content\":\"hello\"}")),
        ScriptedTurn.text("Wrote notes.txt."));
    long id = enqueue("write hello to notes.txt");
    Workspace workspace = workspaces.get(id);

    Job parked = await(id, j -> j.state() == JobState.AWAITING_APPROVAL);
    JsonObject request = parked.payload().getJsonObject("approvalRequest");
    assertThat(request.getString("tool")).isEqualTo("write_file");
    assertThat(request.getString("stepKey")).isEqualTo("job:" + id);
    assertThat(request.getString("callId")).isEqualTo("w1");
    assertThat(request.getBoolean("resumeOnReject")).isTrue();
    assertThat(request.getJsonObject("arguments").getString("content")).isEqualTo("hello");
    assertThat(workspace.root().resolve("notes.txt")).doesNotExist();
    assertThat(parked.lastError()).isNull();
    assertThat(rig.types(callOf(parked), "job:" + id)).last().isEqualTo("ApprovalRequested");

    assertThat(jobs.decideApproval(id, true, "go ahead").await()).isTrue();
    Job done = await(id, j -> j.state().isTerminal() || j.state() == JobState.DEAD);

    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.result().getString("kind")).isEqualTo("FINISHED");
    assertThat(done.result().getString("finalText")).isEqualTo("Wrote notes.txt.");
    assertThat(Files.readString(workspace.root().resolve("notes.txt"))).isEqualTo("hello");
    assertThat(rig.server.requests().size() - before).isEqualTo(2);
    List<LedgerEvent> events = rig.events(callOf(done), "job:" + id);
    assertThat(events)
        .extracting(LedgerEvent::type)
        .containsExactly(
            "ModelTurn",
            "ToolCalled",
            "ApprovalRequested",
            "ApprovalDecided",
            "ToolObserved",
            "ModelTurn",
            "StepFinished");
    LedgerEvent decided = events.get(3);
    assertThat(decided.source()).isEqualTo(LedgerEvent.Source.USER);
    assertThat(decided.causeSeq()).isEqualTo(events.get(2).seq());
    assertThat(decided.payload().getString("feedback")).isEqualTo("go ahead");
    assertThat(events.get(4).payload().getString("status")).isEqualTo("OK");
    assertThat(events.get(4).causeSeq()).isEqualTo(events.get(1).seq());
  }

  @Test
  void a_rejected_call_comes_back_to_the_model_with_the_feedback() throws Exception {
    int before = rig.server.requests().size();
    rig.server.enqueue(
        ScriptedTurn.toolCalls(
            call("w2", "write_file", "{\"path\":\"secret.txt\",\"content\":\"x\"}")),
        ScriptedTurn.text("Understood, I left the file alone."));
    long id = enqueue("write secret.txt");
    Workspace workspace = workspaces.get(id);
    await(id, j -> j.state() == JobState.AWAITING_APPROVAL);

    assertThat(jobs.decideApproval(id, false, "do not touch secret files").await()).isTrue();
    Job done = await(id, j -> j.state().isTerminal() || j.state() == JobState.DEAD);

    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.payload().getJsonObject("approval").getBoolean("approved")).isFalse();
    assertThat(workspace.root().resolve("secret.txt")).doesNotExist();
    assertThat(rig.server.requests().size() - before).isEqualTo(2);
    ChatMessage shown = rig.conversations().get(before + 1).getLast();
    assertThat(shown.toolCallId()).isEqualTo("w2");
    assertThat(shown.content())
        .isEqualTo("REJECTED: a person rejected this call: do not touch secret files");
    LedgerEvent observed =
        rig.events(callOf(done), "job:" + id).stream()
            .filter(e -> e.type().equals("ToolObserved"))
            .findFirst()
            .orElseThrow();
    assertThat(observed.payload().getString("status")).isEqualTo("REJECTED");
  }

  private long enqueue(String goal) {
    UUID project = rig.db.newProject(rig.db.newTenant());
    long id =
        jobs.enqueue(
                NewJob.builder(role, "agent-step")
                    .project(project)
                    .task(UUID.randomUUID())
                    .payload(new JsonObject().put("goal", goal))
                    // Held back until its workspace exists: the pool claims only due jobs.
                    .runAt(java.time.Instant.now().plusMillis(300))
                    .build())
            .await()
            .jobId();
    workspaces.put(id, rig.workspace());
    return id;
  }

  private static CallContext callOf(Job job) {
    return new CallContext(job.projectId(), job.taskId(), job.id(), null, "coder", 3);
  }

  private Job await(long id, Predicate<Job> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Job job = jobs.find(id).await().orElseThrow();
    while (!condition.test(job)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + id + " stuck: " + job);
      }
      Thread.sleep(20);
      job = jobs.find(id).await().orElseThrow();
    }
    return job;
  }
}
