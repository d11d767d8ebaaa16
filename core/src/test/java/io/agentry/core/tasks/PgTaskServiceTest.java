package io.agentry.core.tasks;

import static io.agentry.core.testing.ErrorAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.agents.Agent;
import io.agentry.core.agents.AgentRole;
import io.agentry.core.agents.AgentService;
import io.agentry.core.agents.FlapPolicy;
import io.agentry.core.agents.NewAgent;
import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.ledger.LedgerEvent.Source;
import io.agentry.core.ledger.LedgerStore;
import io.agentry.core.ledger.PgTestFixture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tasks against the real PostgreSQL: creation, assignment, progress, status and the ledger. */
class PgTaskServiceTest {

  private static PgTestFixture db;
  private static LedgerStore ledger;
  private static AgentService agents;
  private static TaskService tasks;

  @BeforeAll
  static void start() {
    db = PgTestFixture.start();
    ledger = LedgerStore.create(db.pool());
    agents = AgentService.create(db.pool(), ledger, FlapPolicy.defaults());
    tasks = TaskService.create(db.pool(), ledger, agents);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void a_new_task_is_pending_in_design_and_recorded_in_the_ledger() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    NewTask input =
        new NewTask(
            project,
            null,
            "  Build a login page  ",
            "with OAuth",
            5,
            6,
            new JsonArray().add("tests pass"),
            new JsonObject().put("steps", 3));

    Task task = tasks.create(input).await();

    assertThat(task.tenantId()).isEqualTo(tenant);
    assertThat(task.goal()).isEqualTo("Build a login page");
    assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(task.stage()).isEqualTo(TaskStage.DESIGN);
    assertThat(task.stageProgress()).isZero();
    assertThat(task.priority()).isEqualTo(5);
    assertThat(task.complexity()).isEqualTo(6);
    assertThat(task.acceptanceCriteria()).isEqualTo(new JsonArray().add("tests pass"));
    assertThat(task.plan()).isEqualTo(new JsonObject().put("steps", 3));
    assertThat(task.completedAt()).isNull();
    assertThat(tasks.get(task.id()).await()).isEqualTo(task);
    LedgerEvent created = ledger.since(project, 0, 10).await().get(0);
    assertThat(created.type()).isEqualTo("TaskCreated");
    assertThat(created.source()).isEqualTo(Source.USER);
    assertThat(created.payload().getString("taskId")).isEqualTo(task.id().toString());
    assertThat(created.payload().getInteger("complexity")).isEqualTo(6);
  }

  @Test
  void subtasks_live_in_their_parents_project() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    UUID otherProject = db.newProject(tenant);
    Task parent = tasks.create(NewTask.of(project, "parent", 5)).await();

    Task child = tasks.create(NewTask.of(project, "child", 3).withParent(parent.id())).await();

    assertThat(child.parentTaskId()).isEqualTo(parent.id());
    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () -> tasks.create(NewTask.of(otherProject, "stray", 3).withParent(parent.id())).await(),
        "parentTaskId");
    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () -> tasks.create(NewTask.of(project, "orphan", 3).withParent(UUID.randomUUID())).await(),
        "parentTaskId");
    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () -> tasks.create(NewTask.of(UUID.randomUUID(), "x", 3)).await(),
        "projectId");
  }

  @Test
  void invalid_input_is_rejected_naming_the_field() {
    UUID project = UUID.randomUUID();
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> NewTask.of(project, " ", 3), "goal");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> NewTask.of(project, "x".repeat(10_001), 3), "goal");
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> NewTask.of(project, "g", 0), "complexity");
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> NewTask.of(project, "g", 11), "complexity");
    assertFailsWith(ErrorCode.BAD_USER_INPUT, () -> NewTask.of(null, "g", 3), "projectId");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT, () -> tasks.list(project, Set.of(), 0).await(), "limit");
  }

  @Test
  void automatic_assignment_takes_a_covering_agent_and_spreads_load() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    Agent junior =
        running(NewAgent.of(tenant, "junior", Set.of(AgentRole.CODER)).withComplexity(1, 4));
    Agent senior =
        running(NewAgent.of(tenant, "senior", Set.of(AgentRole.CODER)).withComplexity(3, 10));
    Task hard = tasks.create(NewTask.of(project, "hard", 8)).await();
    Task easy1 = tasks.create(NewTask.of(project, "easy 1", 3)).await();
    Task easy2 = tasks.create(NewTask.of(project, "easy 2", 3)).await();

    assertThat(tasks.assign(hard.id(), AgentRole.CODER).await().assignedAgentId())
        .isEqualTo(senior.id());
    assertThat(tasks.assign(easy1.id(), AgentRole.CODER).await().assignedAgentId())
        .isEqualTo(junior.id()); // senior already holds a task
    assertThat(tasks.assign(easy2.id(), AgentRole.CODER).await().assignedAgentId())
        .isEqualTo(junior.id()); // tie (1 each): the older agent

    LedgerEvent assigned = lastEvent(project);
    assertThat(assigned.type()).isEqualTo("TaskAssigned");
    assertThat(assigned.source()).isEqualTo(Source.SYSTEM);
    assertThat(assigned.payload().getString("agentId")).isEqualTo(junior.id().toString());
    assertThat(assigned.payload().getBoolean("automatic")).isTrue();
  }

  @Test
  void automatic_assignment_without_a_fitting_agent_is_unavailable() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    running(NewAgent.of(tenant, "small", Set.of(AgentRole.CODER)).withComplexity(1, 3));
    running(NewAgent.of(tenant, "tester", Set.of(AgentRole.TESTER)));
    Task task = tasks.create(NewTask.of(project, "big", 9)).await();

    assertThatThrownBy(() -> tasks.assign(task.id(), AgentRole.CODER).await())
        .isInstanceOfSatisfying(
            AgentryException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
              assertThat(e.getMessage()).contains("coder").contains("9");
            });
    assertThat(tasks.get(task.id()).await().assignedAgentId()).isNull();
    assertThat(lastEvent(project).type()).isEqualTo("TaskCreated");
  }

  @Test
  void explicit_assignment_checks_tenant_status_and_complexity_range() {
    UUID tenant = db.newTenant();
    UUID project = db.newProject(tenant);
    Agent narrow =
        agents
            .create(NewAgent.of(tenant, "narrow", Set.of(AgentRole.CODER)).withComplexity(1, 5))
            .await();
    Agent wide = agents.create(NewAgent.of(tenant, "wide", Set.of(AgentRole.CODER))).await();
    Agent gone = agents.create(NewAgent.of(tenant, "gone", Set.of(AgentRole.CODER))).await();
    agents.delete(gone.id()).await();
    Agent foreign =
        agents.create(NewAgent.of(db.newTenant(), "x", Set.of(AgentRole.CODER))).await();
    Task task = tasks.create(NewTask.of(project, "mid", 7)).await();

    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> tasks.assignTo(task.id(), narrow.id()).await(),
        "complexity 1..5");
    assertFailsWith(
        ErrorCode.NOT_FOUND, () -> tasks.assignTo(task.id(), foreign.id()).await(), "agentId");
    assertFailsWith(
        ErrorCode.NOT_FOUND, () -> tasks.assignTo(task.id(), UUID.randomUUID()).await(), "agent");
    assertFailsWith(ErrorCode.ILLEGAL_STATE, () -> tasks.assignTo(task.id(), gone.id()).await());

    Task assigned = tasks.assignTo(task.id(), wide.id()).await(); // not running yet: allowed
    assertThat(assigned.assignedAgentId()).isEqualTo(wide.id());
    assertThat(lastEvent(project).payload().getBoolean("automatic")).isFalse();
  }

  @Test
  void a_task_moves_through_its_work_to_completion_with_every_step_in_the_ledger() {
    UUID project = db.newProject(db.newTenant());
    Task task = tasks.create(NewTask.of(project, "feature", 4)).await();
    UUID id = task.id();

    tasks.transition(id, TaskStatus.PLANNING).await();
    tasks.updatePlan(id, new JsonObject().put("tasks", new JsonArray().add("a"))).await();
    tasks.transition(id, TaskStatus.CODING).await();
    Task progressed = tasks.updateProgress(id, TaskStage.BUILD, 40, "Writing the endpoint").await();
    tasks.transition(id, TaskStatus.TESTING).await();
    tasks.transition(id, TaskStatus.DEBUGGING).await();
    tasks.transition(id, TaskStatus.CODING).await();
    Task kept = tasks.updateProgress(id, TaskStage.TEST, 80, null).await();
    tasks.transition(id, TaskStatus.TESTING).await();
    tasks.transition(id, TaskStatus.REVIEWING).await();
    Task done = tasks.complete(id, new JsonObject().put("commit", "abc123")).await();

    assertThat(progressed.stage()).isEqualTo(TaskStage.BUILD);
    assertThat(progressed.stageProgress()).isEqualTo(40);
    assertThat(progressed.currentStep()).isEqualTo("Writing the endpoint");
    assertThat(kept.currentStep()).isEqualTo("Writing the endpoint");
    assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(done.stage()).isEqualTo(TaskStage.COMPLETE);
    assertThat(done.stageProgress()).isEqualTo(100);
    assertThat(done.result()).isEqualTo(new JsonObject().put("commit", "abc123"));
    assertThat(done.completedAt()).isNotNull();
    assertThat(done.plan()).isEqualTo(new JsonObject().put("tasks", new JsonArray().add("a")));
    List<LedgerEvent> events = ledger.since(project, 0, 100).await();
    assertThat(events)
        .extracting(LedgerEvent::type)
        .containsExactly(
            "TaskCreated",
            "TaskStatusChanged",
            "TaskPlanUpdated",
            "TaskStatusChanged",
            "TaskProgress",
            "TaskStatusChanged",
            "TaskStatusChanged",
            "TaskStatusChanged",
            "TaskProgress",
            "TaskStatusChanged",
            "TaskStatusChanged",
            "TaskStatusChanged");
    assertThat(events.get(4).source()).isEqualTo(Source.AGENT);
    assertThat(events.get(4).payload().getInteger("progress")).isEqualTo(40);
    LedgerEvent last = events.get(events.size() - 1);
    assertThat(last.payload().getString("from")).isEqualTo("reviewing");
    assertThat(last.payload().getString("to")).isEqualTo("completed");
  }

  @Test
  void illegal_moves_and_changes_to_finished_tasks_are_rejected_and_not_recorded() {
    UUID project = db.newProject(db.newTenant());
    Task task = tasks.create(NewTask.of(project, "strict", 2)).await();

    assertFailsWith(
        ErrorCode.ILLEGAL_STATE, () -> tasks.transition(task.id(), TaskStatus.TESTING).await());
    assertFailsWith(
        ErrorCode.ILLEGAL_STATE, () -> tasks.complete(task.id(), new JsonObject()).await());
    tasks.cancel(task.id(), "no longer needed").await();
    assertFailsWith(
        ErrorCode.ILLEGAL_STATE, () -> tasks.transition(task.id(), TaskStatus.PENDING).await());
    assertFailsWith(
        ErrorCode.ILLEGAL_STATE,
        () -> tasks.updateProgress(task.id(), TaskStage.BUILD, 10, "x").await());
    assertFailsWith(
        ErrorCode.ILLEGAL_STATE, () -> tasks.updatePlan(task.id(), new JsonObject()).await());
    assertFailsWith(
        ErrorCode.ILLEGAL_STATE, () -> tasks.assign(task.id(), AgentRole.CODER).await());

    List<LedgerEvent> events = ledger.since(project, 0, 100).await();
    assertThat(events)
        .extracting(LedgerEvent::type)
        .containsExactly("TaskCreated", "TaskStatusChanged");
    assertThat(events.get(1).source()).isEqualTo(Source.USER);
    assertThat(events.get(1).payload().getString("reason")).isEqualTo("no longer needed");
  }

  @Test
  void a_failed_task_keeps_its_error_until_it_is_tried_again() {
    UUID project = db.newProject(db.newTenant());
    Task task = tasks.create(NewTask.of(project, "fragile", 5)).await();
    tasks.transition(task.id(), TaskStatus.CODING).await();

    Task failed = tasks.fail(task.id(), "compilation failed").await();
    Task retried = tasks.transition(task.id(), TaskStatus.PENDING).await();

    assertThat(failed.error()).isEqualTo("compilation failed");
    assertThat(failed.completedAt()).isNotNull();
    assertThat(retried.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(retried.error()).isNull();
    assertThat(retried.completedAt()).isNull();
    assertThat(ledger.since(project, 2, 10).await().get(0).payload().getString("error"))
        .isEqualTo("compilation failed");
  }

  @Test
  void progress_is_validated() {
    UUID project = db.newProject(db.newTenant());
    Task task = tasks.create(NewTask.of(project, "p", 5)).await();

    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> tasks.updateProgress(task.id(), TaskStage.BUILD, 101, "x").await(),
        "progress");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> tasks.updateProgress(task.id(), TaskStage.BUILD, -1, "x").await(),
        "progress");
    assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> tasks.updateProgress(task.id(), null, 5, "x").await(),
        "stage");
    assertFailsWith(
        ErrorCode.NOT_FOUND,
        () -> tasks.updateProgress(UUID.randomUUID(), TaskStage.BUILD, 5, "x").await(),
        "task");
  }

  @Test
  void concurrent_moves_of_one_task_are_serialised_and_see_each_other() {
    UUID project = db.newProject(db.newTenant());
    Task task = tasks.create(NewTask.of(project, "race", 5)).await();
    tasks.transition(task.id(), TaskStatus.CODING).await();
    tasks.transition(task.id(), TaskStatus.TESTING).await();

    Future<Task> complete = tasks.complete(task.id(), new JsonObject());
    Future<Task> debug = tasks.transition(task.id(), TaskStatus.DEBUGGING);
    Future.join(complete, debug).otherwiseEmpty().await();

    // Whichever ran first, the other saw its result: testing → debugging → completed is illegal,
    // and completed is final. Both cannot succeed.
    assertThat(complete.succeeded() && debug.succeeded()).isFalse();
    assertThat(complete.succeeded() || debug.succeeded()).isTrue();
    Task after = tasks.get(task.id()).await();
    assertThat(after.status()).isIn(TaskStatus.COMPLETED, TaskStatus.DEBUGGING);
    assertThat(ledger.since(project, 0, 100).await()).hasSize(4);
  }

  @Test
  void listing_filters_by_status_and_orders_by_priority_then_age() {
    UUID project = db.newProject(db.newTenant());
    Task low = tasks.create(NewTask.of(project, "low", 1).withPriority(1)).await();
    Task high = tasks.create(NewTask.of(project, "high", 1).withPriority(9)).await();
    Task mid = tasks.create(NewTask.of(project, "mid", 1).withPriority(5)).await();
    Task alsoHigh = tasks.create(NewTask.of(project, "also high", 1).withPriority(9)).await();
    tasks.transition(mid.id(), TaskStatus.CODING).await();
    tasks.create(NewTask.of(db.newProject(db.newTenant()), "elsewhere", 1)).await();

    assertThat(tasks.list(project, Set.of(), 100).await())
        .extracting(Task::id)
        .containsExactly(high.id(), alsoHigh.id(), mid.id(), low.id());
    assertThat(tasks.list(project, Set.of(TaskStatus.PENDING), 100).await())
        .extracting(Task::id)
        .containsExactly(high.id(), alsoHigh.id(), low.id());
    assertThat(tasks.list(project, Set.of(TaskStatus.CODING, TaskStatus.TESTING), 100).await())
        .extracting(Task::id)
        .containsExactly(mid.id());
    assertThat(tasks.list(project, Set.of(), 2).await()).hasSize(2);
  }

  private static Agent running(NewAgent input) {
    return agents.start(agents.create(input).await().id()).await();
  }

  private static LedgerEvent lastEvent(UUID project) {
    List<LedgerEvent> events = ledger.since(project, 0, 1000).await();
    return events.get(events.size() - 1);
  }
}
