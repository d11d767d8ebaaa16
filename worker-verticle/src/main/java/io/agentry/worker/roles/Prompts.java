package io.agentry.worker.roles;

import io.agentry.core.llm.ChatMessage;
import io.agentry.core.tasks.Task;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The roles' prompts: a system message saying what the role is for and how it ends its step, and a
 * user message with the goal, the plan and whatever the loop and the knowledge sources handed over.
 * Sections are plain Markdown so any model reads them.
 */
final class Prompts {

  static final String ARCHITECT_PLAN =
      """
      You are the architect of an autonomous software team. Turn the goal into a plan: a small DAG \
      of tasks (design, schema, API, UI where relevant, code, tests), each with a title, a \
      description, acceptance criteria and a complexity from 1 to 10, and the indexes of the tasks \
      it depends on. Look at the workspace with the file tools if it already holds code. Finish by \
      calling submit_plan exactly once.""";

  static final String ARCHITECT_REVIEW =
      """
      You are the architect reviewing an iteration of your team's work against the goal, the plan \
      and its acceptance criteria: structure, naming, tests, and whether the goal is met. Read the \
      files you need. Finish by calling submit_review with approved=true only when the work meets \
      the goal; otherwise approved=false and concrete comments the coder can act on.""";

  static final String CODER =
      """
      You are the coder of an autonomous software team. Implement the task in the workspace with \
      the file tools: small, clear, working code under src/ unless the project has another layout. \
      Do not write tests (the tester does). When done, answer with a short summary of what you \
      changed and why; that text becomes the commit message.""";

  static final String TESTER =
      """
      You are the tester of an autonomous software team. Write focused automated tests for the \
      acceptance criteria (pytest for Python: files named test_*.py next to the code or in tests/), \
      run them with run_tests, and answer with a short summary. Do not change the code under test: \
      failures go to the debugger.""";

  static final String DEBUGGER =
      """
      You are the debugger of an autonomous software team. Find the cause of the failing tests and \
      fix the code (not the tests, unless a test is wrong) with the file tools; run the tests to \
      check. A known fix from the team's error knowledge graph is shown when one exists: prefer it \
      when it fits. Answer with a short description of the cause and the fix.""";

  private Prompts() {}

  static List<ChatMessage> messages(String system, String user) {
    return List.of(ChatMessage.system(system), ChatMessage.user(user));
  }

  /** The user message: the goal first, then each non-empty section in order. */
  static String user(Task task, Section... sections) {
    StringBuilder text = new StringBuilder("# Goal\n").append(task.goal()).append('\n');
    for (Section section : sections) {
      if (section != null && !section.body().isBlank()) {
        text.append("\n# ").append(section.title()).append('\n').append(section.body().strip());
        text.append('\n');
      }
    }
    return text.toString();
  }

  /** A titled part of a prompt. */
  record Section(String title, String body) {}

  static Section section(String title, String body) {
    return new Section(title, body == null ? "" : body);
  }

  static Section plan(JsonObject plan) {
    if (plan == null) {
      return null;
    }
    StringBuilder text = new StringBuilder(plan.getString("summary", "")).append('\n');
    JsonArray items = plan.getJsonArray("tasks", new JsonArray());
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      text.append(i + 1).append(". ").append(item.getString("title", "")).append(" — ");
      text.append(item.getString("description", "")).append('\n');
    }
    return section("Plan", text.toString());
  }

  static Section planItem(JsonObject plan, Integer index) {
    if (plan == null || index == null) {
      return null;
    }
    JsonArray items = plan.getJsonArray("tasks", new JsonArray());
    if (index < 0 || index >= items.size()) {
      return null;
    }
    JsonObject item = items.getJsonObject(index);
    List<String> lines = new ArrayList<>();
    lines.add(item.getString("title", "") + ": " + item.getString("description", ""));
    JsonArray criteria = item.getJsonArray("acceptanceCriteria", new JsonArray());
    criteria.forEach(c -> lines.add("- " + c));
    return section(
        "Your task (" + (index + 1) + " of " + items.size() + ")", String.join("\n", lines));
  }

  static Section files(List<String> paths) {
    return section("Files in the workspace", String.join("\n", paths));
  }

  static Section acceptance(Task task) {
    List<String> lines = new ArrayList<>();
    task.acceptanceCriteria().forEach(c -> lines.add("- " + c));
    return section("Acceptance criteria", String.join("\n", lines));
  }
}
