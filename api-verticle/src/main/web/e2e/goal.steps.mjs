// The browser test's steps around one goal on the scripted model (DashboardBrowserTest scripts it):
// submit the Python goal asking a person when stuck, watch the coder circle in the live activity
// feed, approve the stuck step with guidance, see the guided answer stream in as tokens while the
// goal still runs, see the task complete, open its page (goal run, gates, plan, timeline, usage) and
// set a budget. Steps share `ctx` with the others (ctx.projectId is the project created before).
import { assert, env, open, screenshots } from './lib.mjs';

const GOAL = () => env('AGENTRY_GOAL');
const GUIDANCE = () => env('AGENTRY_GUIDANCE');
const GUIDED_TEXT = () => env('AGENTRY_GUIDED_TEXT');
/** src/stats.py as the guided coder wrote it. */
const STATS_PY = () => env('AGENTRY_STATS_PY').replace(/\n$/, '').split('\n');
const ERROR_TEXT = () => env('AGENTRY_ERROR_TEXT');

/** The texts of diff or file lines (without a diff's +/− mark). */
const lineTexts = (locator) => locator.allTextContents();

const toolCalls = (page, tool) => page.locator(`.activity-entry[data-kind=TOOL_CALL][data-tool=${tool}]`);

async function taskStatus(gql, id) {
  const { task } = await gql(`query($id: ID!) { task(id: $id) { status } }`, { id });
  return task.status;
}

export const GOAL_STEPS = [
  {
    name: 'submit the Python goal, asking a person when stuck',
    run: async (ctx) => {
      const { page, gql, screenshotDir } = ctx;
      await open(page, 'Tasks', '/board');
      await page.locator('textarea[name=goal]').fill(GOAL());
      await page.locator('input[name=complexity]').fill('3');
      await page.getByText('Quality gates and limits').click();
      await page.locator('input[name=policy-maxIterations]').fill('3');
      await page.locator('select[name=policy-onStuck]').selectOption('ASK_HUMAN');
      await page.getByRole('button', { name: 'Submit goal' }).click();
      ctx.goalSubmittedAt = Date.now();
      const card = page.locator('.task-card', { hasText: GOAL() });
      await card.waitFor();
      const taskId = await card.getAttribute('data-task-id');
      ctx.goalTaskId = taskId;
      ctx.results.goal = { taskId, projectId: ctx.projectId };
      assert((await card.locator('xpath=ancestor::section[@data-stage]').getAttribute('data-stage')) === 'DESIGN', 'a new task is in design');
      // The goal runs under the policy set in the form (the rest are the server's defaults).
      const { task } = await gql(`query($id: ID!) { task(id: $id) { goalRun { policy } } }`, { id: taskId });
      const policy = task.goalRun.policy;
      assert(policy.maxIterations === 3 && policy.onStuck === 'ASK_HUMAN' && policy.requireTestsPass === true, `policy ${JSON.stringify(policy)}`);
      await screenshots(page, screenshotDir, '04-board-goal-submitted');
    },
  },
  {
    name: 'the activity feed shows the coder circling, live, and pauses',
    run: async (ctx) => {
      const { page, screenshotDir } = ctx;
      await open(page, 'Activity', '/activity');
      const toolCallsWhenOpened = await toolCalls(page, 'list_files').count();
      // The first circle: pause the feed there; what comes next is held, not shown, until resumed.
      await toolCalls(page, 'list_files').first().waitFor({ timeout: 60_000 });
      const firstToolCallMs = Date.now() - ctx.goalSubmittedAt;
      await page.getByTestId('activity-pause').click();
      const stats = page.getByTestId('activity-stats');
      const shownWhenPaused = Number(await stats.getAttribute('data-shown'));
      await page.waitForFunction(
        (at) => Number(document.querySelector('[data-testid=activity-stats]').dataset.received) > at,
        Number(await stats.getAttribute('data-received')),
      );
      assert(Number(await stats.getAttribute('data-shown')) === shownWhenPaused, 'a paused feed shows nothing new');
      assert(/Resume \([1-9]\d* new\)/.test(await page.getByTestId('activity-pause').textContent()), 'the pause button counts what waits');
      await page.getByTestId('activity-pause').click();

      // All four circles, each with its arguments, and what the tool answered.
      await toolCalls(page, 'list_files').nth(3).waitFor({ timeout: 60_000 });
      const allToolCallsMs = Date.now() - ctx.goalSubmittedAt;
      const count = await toolCalls(page, 'list_files').count();
      const path = await toolCalls(page, 'list_files').first().locator('.argument[data-argument=path] dd').textContent();
      assert(path === 'src', `the call shows its arguments: path ${path}`);
      await page.locator('.activity-entry[data-kind=TOOL_RESULT][data-tool=list_files]').nth(3).waitFor();
      await page.locator('.activity-entry[data-kind=STATUS]', { hasText: 'stuck' }).first().waitFor({ timeout: 30_000 });
      ctx.results.activity = { toolCallsWhenOpened, toolCalls: count, firstToolCallMs, allToolCallsMs, shownWhenPaused };
      await screenshots(page, screenshotDir, '05-activity-tool-calls');
    },
  },
  {
    name: 'the stuck step waits for a person, who approves it with guidance',
    run: async (ctx) => {
      const { page, screenshotDir } = ctx;
      await page.locator('[data-testid=approvals-count]', { hasText: '1' }).waitFor({ timeout: 60_000 });
      await open(page, 'Approvals', '/approvals');
      const card = page.locator('.approval-card[data-kind=stuck]');
      await card.waitFor();
      const text = await card.textContent();
      assert(text.includes('stuck') && text.includes('list_files'), `the card says why: ${text}`);
      assert(text.includes(GOAL()), 'the card names the task');
      const jobId = await card.getAttribute('data-job-id');
      await card.locator('textarea[name=feedback]').fill(GUIDANCE());
      await screenshots(page, screenshotDir, '06-approval-stuck');
      await card.getByRole('button', { name: 'Approve with guidance' }).click();
      await card.waitFor({ state: 'detached' });
      await page.getByText('Nothing waits for a decision.').waitFor();
      ctx.approvedAt = Date.now();
      ctx.results.stuckApproval = { jobId };
    },
  },
  {
    name: 'the guided answer streams in as tokens while the goal runs',
    run: async (ctx) => {
      const { page, gql, screenshotDir } = ctx;
      await open(page, 'Activity', '/activity');
      // Pieces of 4 characters, joined in seq order into one entry of the model call.
      const entry = page.locator('.activity-entry[data-kind=TOKENS]', { hasText: GUIDED_TEXT() });
      await entry.first().waitFor({ timeout: 60_000 });
      const taskStatusWhenSeen = await taskStatus(gql, ctx.goalTaskId);
      const seenMs = Date.now() - ctx.approvedAt;
      const text = (await entry.first().locator('.tokens').textContent()).replace(/ \(waiting for an earlier piece\)$/, '');
      const pieces = Number(await entry.first().getAttribute('data-pieces'));
      assert(text === GUIDED_TEXT(), `the tokens join up in order: "${text}"`);
      ctx.results.tokens = { text, pieces, taskStatusWhenSeen, msAfterApproval: seenMs };
      await page.locator('.activity-entry[data-kind=TOOL_CALL][data-tool=write_file]').first().waitFor();
      await screenshots(page, screenshotDir, '07-activity-tokens');
    },
  },
  {
    name: "the jobs view follows the goal's jobs live",
    run: async (ctx) => {
      const { page } = ctx;
      // The goal still runs (its review is to come): the view, read once, must change by itself.
      await open(page, 'Jobs', '/jobs');
      await page.locator('tr[data-job-id]').first().waitFor();
      const seen = await page.locator('tr[data-job-id]').evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.dataset.jobId, r.dataset.state])));
      const started = Date.now();
      await page.waitForFunction(
        (before) => [...document.querySelectorAll('tr[data-job-id]')].some((r) => before[r.dataset.jobId] !== r.dataset.state),
        seen,
        { timeout: 60_000 },
      );
      const after = await page.locator('tr[data-job-id]').evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.dataset.jobId, r.dataset.state])));
      const changed = Object.keys(after).filter((id) => seen[id] !== after[id]);
      ctx.results.jobsLive = { rowsWhenOpened: Object.keys(seen).length, changed: changed.map((id) => `${id}: ${seen[id] ?? 'new'} → ${after[id]}`), msToFirstChange: Date.now() - started };
    },
  },
  {
    name: 'the task reaches COMPLETED on the board',
    run: async (ctx) => {
      const { page, screenshotDir } = ctx;
      await open(page, 'Tasks', '/board');
      const card = page.locator(`.task-card[data-task-id="${ctx.goalTaskId}"]`);
      await page.locator(`.task-card[data-task-id="${ctx.goalTaskId}"][data-status=COMPLETED]`).waitFor({ timeout: 90_000 });
      ctx.results.goal.completedMs = Date.now() - ctx.goalSubmittedAt;
      assert((await card.locator('xpath=ancestor::section[@data-stage]').getAttribute('data-stage')) === 'COMPLETE', 'a completed task is in the last column');
      assert((await card.getAttribute('data-goal-state')) === 'COMPLETED', 'its goal run completed');
      await screenshots(page, screenshotDir, '08-board-completed');
    },
  },
  {
    name: "the task's page: goal run and gates, plan, usage, timeline with the checkpoint",
    run: async (ctx) => {
      const { page, screenshotDir } = ctx;
      await page.locator(`.task-card[data-task-id="${ctx.goalTaskId}"] .task-link`).click();
      await page.locator(`main.content[data-view="/task"] .task-page[data-task-id="${ctx.goalTaskId}"][data-status=COMPLETED]`).waitFor();
      await page.locator('.phases[data-phase=DONE]').waitFor();
      await page.locator('.gate[data-gate=tests][data-state=passed]').waitFor();
      await page.locator('.gate[data-gate="architect approval"][data-state=passed]').waitFor();
      assert((await page.getByTestId('stop-reason').textContent()).includes('all quality gates passed'), 'why it ended');
      await page.locator('.plan-item', { hasText: 'stats module' }).waitFor();
      const usage = page.getByTestId('usage-totals');
      await usage.waitFor();
      const calls = Number(await usage.getAttribute('data-calls'));
      // plan 1, circles 4, guided answer 2, tester 2, review 1: every call of the goal, each once.
      assert(calls === 10, `the task's model calls are counted: ${calls}`);
      await screenshots(page, screenshotDir, '09-task');

      // The test runs: the tester's green run, with the runner's output on demand.
      const run = page.locator('tr[data-test-run][data-success=true]').first();
      await run.waitFor();
      await run.click();
      await page.locator('.tests-panel tr.details .console', { hasText: 'passed' }).waitFor();

      // The code: the guided coder's commit adds src/stats.py; its diff shows every added line.
      await page.locator('button.change[data-path="src/stats.py"]').first().click();
      const diff = page.locator('.code-view .diff[data-path="src/stats.py"]');
      await diff.waitFor();
      const added = await lineTexts(diff.locator('.diff-line[data-kind=add] .code .text'));
      assert(JSON.stringify(added) === JSON.stringify(STATS_PY()), `the diff's added lines: ${JSON.stringify(added)}`);
      assert((await diff.locator('.diff-line[data-kind=remove]').count()) === 0, 'an added file removes nothing');
      assert((await diff.locator('.diff-counts .added').textContent()) === `+${STATS_PY().length}`, 'the header counts the added lines');
      await page.locator('.code-panel').scrollIntoViewIfNeeded();
      await screenshots(page, screenshotDir, '09-task-code');
      // The files, rebuilt from the diffs: src/stats.py reads as the coder wrote it.
      await page.locator('.code-panel').getByRole('tab', { name: 'files' }).click();
      await page.locator('button.file[data-path="src/stats.py"]').click();
      const text = await lineTexts(page.locator('.file-view[data-path="src/stats.py"] .file-text .code .text'));
      assert(JSON.stringify(text) === JSON.stringify(STATS_PY()), `the file's text: ${JSON.stringify(text)}`);
      await page.locator('button.file[data-path="src/test_stats.py"]').waitFor();
      ctx.results.code = { addedLines: added.length, fileLines: text.length };
      // The ledger timeline of the task: the guidance, and the tester's checkpoint on green, flagged.
      await page.locator('.timeline-row[data-type=GuidanceGiven]').first().waitFor();
      const flag = page.locator('.timeline-strip .flag').first();
      await flag.waitFor();
      await flag.click();
      await page.locator('.timeline-detail h3', { hasText: 'CheckpointCreated' }).waitFor();
      ctx.results.taskPage = { calls, checkpoints: await page.locator('.timeline-strip .flag').count() };
      await screenshots(page, screenshotDir, '09-task-timeline');
    },
  },
  {
    name: "checkpoints: set one on the task's page, then roll back to the tester's",
    run: async (ctx) => {
      const { page, screenshotDir } = ctx;
      const panel = page.locator('.checkpoints-panel');
      const green = panel.locator('.checkpoint[data-checkpoint^="iteration-1-green"]');
      await green.waitFor();
      const form = page.getByRole('form', { name: 'New checkpoint' });
      await form.locator('input[name=checkpointName]').fill('e2e-reviewed');
      await form.getByRole('button', { name: 'Set checkpoint' }).click();
      await panel.locator('.asked-jobs li[data-state=SUCCEEDED]').first().waitFor({ timeout: 30_000 });
      await panel.locator('.checkpoint[data-checkpoint="e2e-reviewed"]').waitFor();
      // A name taken is refused with its code.
      await form.locator('input[name=checkpointName]').fill('e2e-reviewed');
      await form.getByRole('button', { name: 'Set checkpoint' }).click();
      await panel.locator('.error[data-code=ILLEGAL_STATE]').waitFor();
      await panel.locator('.error[data-code=ILLEGAL_STATE] .error-dismiss').click();
      await form.locator('input[name=checkpointName]').fill('');

      await green.getByRole('button', { name: 'roll back…' }).click();
      await green.locator('input[name=reason]').fill('back to the green run');
      await green.getByRole('button', { name: /Roll back to/ }).click();
      await panel.locator('.asked-jobs li[data-state=SUCCEEDED]').nth(1).waitFor({ timeout: 30_000 });
      // The ledger timeline flags the rollback next to the checkpoints.
      await page.locator('.timeline-strip .flag.rollback').waitFor();
      await page.locator('.timeline-row[data-type=CheckpointRolledBack]').first().waitFor();
      ctx.results.checkpoints = {
        listed: await panel.locator('.checkpoint').count(),
        flags: await page.locator('.timeline-strip .flag').count(),
      };
      await panel.scrollIntoViewIfNeeded();
      await screenshots(page, screenshotDir, '09-task-checkpoints');
    },
  },
  {
    name: 'cost and tokens against a budget',
    run: async (ctx) => {
      const { page, gql, screenshotDir } = ctx;
      await open(page, 'Costs', '/costs');
      const usage = page.getByTestId('usage-totals');
      await usage.waitFor();
      const tokens = Number(await usage.getAttribute('data-tokens'));
      assert(tokens > 0, 'the project used tokens');
      await page.locator('tr[data-model="scripted/scripted-model"]').waitFor();
      const form = page.getByRole('form', { name: 'Project budget' });
      await form.locator('input[name=maxTokens]').fill(String(tokens * 4));
      await form.locator('input[name=maxCost]').fill('5');
      await form.getByRole('button', { name: 'Set budget' }).click();
      const bar = page.locator(`[data-testid=project-budget] .budget-bar[data-measure=tokens][data-max="${tokens * 4}"]`);
      await bar.waitFor();
      assert(Number(await bar.getAttribute('data-used')) === tokens, 'the bar starts at what was used before the budget existed');
      const { project } = await gql(`query($id: ID!) { project(id: $id) { budget { maxTokens maxCost usedTokens } } }`, { id: ctx.projectId });
      assert(project.budget.maxTokens === tokens * 4 && project.budget.maxCost === 5, `budget ${JSON.stringify(project.budget)}`);
      // A bad cap is refused with its code.
      await form.locator('input[name=maxTokens]').fill('-1');
      await form.getByRole('button', { name: 'Set budget' }).click();
      await form.locator('.error[data-code=BAD_USER_INPUT]').waitFor();
      await form.locator('input[name=maxTokens]').fill(String(tokens * 4));
      await form.getByRole('button', { name: 'Set budget' }).click();
      await form.locator('.error').waitFor({ state: 'detached' });
      ctx.results.budget = { usedTokens: project.budget.usedTokens, maxTokens: project.budget.maxTokens };
      await screenshots(page, screenshotDir, '10-costs');
    },
  },
  {
    name: "the error graph: an error's fixes with counts and confidence, patterns, a known fix",
    run: async (ctx) => {
      const { page, screenshotDir } = ctx;
      await open(page, 'Error graph', '/errors');
      await page.locator('.known-error', { hasText: 'ZeroDivisionError' }).first().click();
      const detail = page.locator('.error-detail');
      await detail.waitFor();
      // The drawing: the error, two fixes, one pattern, one anti-pattern; a SOLVED_BY edge per fix.
      await detail.locator('.graph-node[data-kind=SOLUTION]').nth(1).waitFor();
      const nodes = {
        error: await detail.locator('.graph-node[data-kind=ERROR]').count(),
        solutions: await detail.locator('.graph-node[data-kind=SOLUTION]').count(),
        patterns: await detail.locator('.graph-node[data-kind=PATTERN]').count(),
        solvedBy: await detail.locator('.edge[data-relation=SOLVED_BY]').count(),
      };
      assert(nodes.error === 1 && nodes.solutions === 2 && nodes.patterns === 2 && nodes.solvedBy === 2, `graph ${JSON.stringify(nodes)}`);
      const guard = detail.locator('tr[data-solution]', { hasText: 'Return 0.0 for an empty list' });
      assert((await guard.locator('.count-success').textContent()) === '3' && (await guard.locator('.count-failure').textContent()) === '1', 'the guard worked 3 times, failed once');
      const bad = detail.locator('tr[data-solution]', { hasText: 'Catch ZeroDivisionError' });
      assert((await bad.getAttribute('data-anti-pattern')) === 'true', 'the fix that failed twice is an anti-pattern');
      await detail.locator('.pattern[data-pattern="empty input"]').waitFor();
      await guard.click();
      await detail.locator('.diff .diff-line[data-kind=add]').first().waitFor(); // its patch, as a diff

      await page.locator('textarea[name=errorText]').fill(ERROR_TEXT());
      await page.getByRole('button', { name: 'Suggest a fix' }).click();
      const suggestion = page.getByTestId('suggestion');
      await suggestion.waitFor();
      assert((await suggestion.textContent()).includes('Return 0.0 for an empty list'), 'the known fix is suggested');
      ctx.results.errorGraph = { ...nodes, confidence: Number(await suggestion.getAttribute('data-confidence')) };
      await screenshots(page, screenshotDir, '16-error-graph');
    },
  },
  {
    name: "memory search finds the goal's plan",
    run: async (ctx) => {
      const { page, screenshotDir } = ctx;
      await open(page, 'Memory', '/memory');
      const form = page.getByRole('form', { name: 'Search memory' });
      await form.locator('input[name=memoryQuery]').fill('the mean of a list of numbers');
      await form.locator('select[name=collection]').selectOption('REQUIREMENTS');
      await form.getByRole('button', { name: 'Search' }).click();
      const hit = page.locator('.memory-hit').first();
      await hit.waitFor({ timeout: 30_000 });
      const similarity = Number(await hit.getAttribute('data-similarity'));
      assert((await hit.locator('.memory-text').textContent()).includes('stats'), 'the hit is the goal\'s plan');
      ctx.results.memory = { hits: await page.locator('.memory-hit').count(), similarity };
      await screenshots(page, screenshotDir, '17-memory');
    },
  },
  {
    name: "the shared context: the architect's plan, a new version, the first made current again",
    run: async (ctx) => {
      const { page, screenshotDir } = ctx;
      await open(page, 'Shared context', '/context');
      await page.locator(`.context-key[data-key="plan/${ctx.goalTaskId}"]`).click();
      const current = page.getByTestId('context-current');
      await page.locator('[data-testid=context-current][data-version="1"]').waitFor();
      await page.getByRole('button', { name: 'Write a new version…' }).click();
      const form = page.getByRole('form', { name: 'New version' });
      const plan = JSON.parse(await form.locator('textarea[name=value]').inputValue());
      assert(plan.summary && Array.isArray(plan.tasks), `the plan as the architect wrote it: ${JSON.stringify(plan)}`);
      await form.locator('textarea[name=value]').fill(JSON.stringify({ ...plan, note: 'reviewed in the browser' }, null, 2));
      await form.getByRole('button', { name: 'Write version 2' }).click();
      await page.locator('[data-testid=context-current][data-version="2"]').waitFor();
      await page.locator('.context-history li[data-version="1"]').getByRole('button', { name: 'make current again' }).click();
      await page.locator('[data-testid=context-current][data-version="3"]').waitFor();
      assert((await current.textContent()).includes('restores version 1'), 'the rollback is a new version restoring the first');
      ctx.results.context = { versions: await page.locator('.context-history li').count() };
      await screenshots(page, screenshotDir, '18-shared-context');
    },
  },
];
