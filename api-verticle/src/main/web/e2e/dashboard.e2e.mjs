// The dashboard in a real browser against a real node: run by the node module's
// DashboardBrowserTest (mvn verify), or by hand against a running node:
//
//   AGENTRY_URL=http://127.0.0.1:8080 AGENTRY_KEY=agk_... AGENTRY_BUSY_PROJECT=<id with 1000 events>
//   AGENTRY_REVIEW_PROJECT=<id with 2 jobs awaiting approval> npm run e2e
//
// Each step is one thing a person does; to test more, add a step to STEPS (they share `ctx`).
import { join } from 'node:path';
import {
  LAPTOP,
  api,
  assert,
  awaitLedgerSeq,
  env,
  launch,
  ledgerStats,
  open,
  runSteps,
  screenshots,
} from './lib.mjs';

const baseUrl = env('AGENTRY_URL');
const key = env('AGENTRY_KEY');
const gql = api(baseUrl, key);
const stamp = Date.now().toString(36);

const HEAD = `query Head($p: ID!, $after: String) {
  ledger(projectId: $p, first: 100, after: $after) { edges { node { seq } } pageInfo { hasNextPage endCursor } }
}`;

/** The project's last seq as the server has it. */
async function ledgerHead(projectId) {
  let after = null;
  let last = 0;
  for (;;) {
    const { ledger } = await gql(HEAD, { p: projectId, after });
    if (ledger.edges.length) last = ledger.edges[ledger.edges.length - 1].node.seq;
    if (!ledger.pageInfo.hasNextPage) return last;
    after = ledger.pageInfo.endCursor;
  }
}

async function signIn(page) {
  await page.locator('input[name=apiKey]').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.shell').waitFor();
}

async function selectProject(page, id) {
  await page.getByLabel('Project', { exact: true }).selectOption(id);
  await page.waitForURL((url) => url.searchParams.get('project') === id);
}

const STEPS = [
  {
    name: 'a bad key is refused with its code',
    run: async ({ page }) => {
      await page.goto(baseUrl);
      await page.locator('input[name=apiKey]').fill('agk_not_a_real_key');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const error = page.locator('.error[data-code=UNAUTHENTICATED]');
      await error.waitFor();
      assert((await error.textContent()).includes('UNAUTHENTICATED'), 'the error shows its code');
    },
  },
  {
    name: 'sign in with an API key',
    run: async ({ page, screenshotDir }) => {
      await signIn(page);
      await screenshots(page, screenshotDir, '01-signed-in');
    },
  },
  {
    name: 'create a project and select it',
    run: async (ctx) => {
      const { page } = ctx;
      await open(page, 'Projects', '/projects');
      const form = page.getByRole('form', { name: 'New project' });
      await form.getByLabel('Name').fill(`e2e ${stamp}`);
      await form.getByLabel('Description').fill('made by the dashboard browser test');
      await form.getByRole('button', { name: 'Create project' }).click();
      const row = page.locator('tr.selected', { hasText: `e2e ${stamp}` });
      await row.waitFor();
      ctx.projectId = await row.getAttribute('data-project-id');
      await page.waitForURL((url) => url.searchParams.get('project') === ctx.projectId);
      assert((await page.getByLabel('Project', { exact: true }).inputValue()) === ctx.projectId, 'the header picks the new project');
    },
  },
  {
    name: 'an invalid agent config shows the API error code',
    run: async ({ page }) => {
      await open(page, 'Agents', '/agents');
      await page.getByRole('button', { name: 'New agent' }).click();
      const form = page.getByRole('form', { name: 'Agent' });
      await form.locator('input[name=name]').fill(`bad-${stamp}`);
      await form.locator('input[name=temperature]').fill('5');
      await form.getByRole('button', { name: 'Create agent' }).click();
      const error = form.locator('.error[data-code=BAD_USER_INPUT]');
      await error.waitFor();
      assert((await error.textContent()).includes('temperature'), 'the message names the field');
      await form.getByRole('button', { name: 'Cancel' }).click();
    },
  },
  {
    name: 'create an agent and run its lifecycle',
    run: async (ctx) => {
      const { page, screenshotDir } = ctx;
      await page.getByRole('button', { name: 'New agent' }).click();
      const form = page.getByRole('form', { name: 'Agent' });
      ctx.agentName = `coder-${stamp}`;
      await form.locator('input[name=name]').fill(ctx.agentName);
      await form.locator('textarea[name=goal]').fill('Keep the build green');
      await form.locator('input[name=role-TESTER]').check();
      await form.locator('textarea[name=models]').fill('ollama/qwen2.5-coder\nopenrouter/some-model');
      await form.locator('input[name=temperature]').fill('0.2');
      await form.locator('input[name=maxIterations]').fill('25');
      await form.locator('input[name=allowedTools]').fill('git_status, git_diff git_commit');
      await form.locator('input[name=minComplexity]').fill('2');
      await form.locator('input[name=maxComplexity]').fill('8');
      await screenshots(page, screenshotDir, '02-agent-form');
      await form.getByRole('button', { name: 'Create agent' }).click();
      const row = page.locator(`tr[data-agent-name="${ctx.agentName}"]`);
      await row.waitFor();
      ctx.agentId = await row.getAttribute('data-agent-id');
      assert((await row.getAttribute('data-status')) === 'CREATED', 'a new agent is CREATED');

      const { agent } = await gql(`query($id: ID!) { agent(id: $id) { roles config minComplexity maxComplexity project { id } } }`, { id: ctx.agentId });
      assert(agent.project?.id === ctx.projectId, 'the agent belongs to the selected project');
      assert(JSON.stringify([...agent.roles].sort()) === '["CODER","TESTER"]', `roles ${agent.roles}`);
      assert(JSON.stringify(agent.config.allowedTools) === '["git_status","git_diff","git_commit"]', 'allowed tools');
      assert(agent.config.modelPreferences.models.length === 2 && agent.config.modelPreferences.temperature === 0.2, 'model preferences');
      assert(agent.config.maxIterations === 25 && agent.minComplexity === 2 && agent.maxComplexity === 8, 'limits and complexity');

      for (const [action, status] of [
        ['start', 'RUNNING'],
        ['pause', 'PAUSED'],
        ['resume', 'RUNNING'],
      ]) {
        await row.getByRole('button', { name: action, exact: true }).click();
        await page.locator(`tr[data-agent-name="${ctx.agentName}"][data-status="${status}"]`).waitFor();
      }

      await row.getByRole('button', { name: 'edit', exact: true }).click();
      await form.locator('textarea[name=goal]').fill('Keep the build green and the tests fast');
      await form.getByRole('button', { name: 'Save changes' }).click();
      await page.locator(`tr[data-agent-name="${ctx.agentName}"] td[title="Keep the build green and the tests fast"]`).waitFor();
      await screenshots(page, screenshotDir, '03-agents');
    },
  },
  {
    name: 'submit a goal and see its task on the board, live',
    run: async (ctx) => {
      const { page, screenshotDir } = ctx;
      await open(page, 'Tasks', '/board');
      await page.locator('textarea[name=goal]').fill(`Add a /version endpoint (${stamp})`);
      await page.locator('select[name=agent]').selectOption(ctx.agentId);
      await page.locator('input[name=complexity]').fill('3');
      await page.getByText('Quality gates and limits').click();
      await page.locator('input[name=policy-maxIterations]').fill('3');
      await page.locator('select[name=policy-requireLintClean]').selectOption('yes');
      await page.locator('select[name=policy-onStuck]').selectOption('STOP');
      await page.getByRole('button', { name: 'Submit goal' }).click();
      const card = page.locator('.task-card', { hasText: `Add a /version endpoint (${stamp})` });
      await card.waitFor();
      assert((await card.locator('xpath=ancestor::section[@data-stage]').getAttribute('data-stage')) === 'DESIGN', 'a new task is in design');
      // The goal runs under the policy set in the form (the rest are the server's defaults).
      await card.locator('.goal-run').waitFor();
      const taskId = await card.getAttribute('data-task-id');
      const { task } = await gql(`query($id: ID!) { task(id: $id) { goalRun { policy } } }`, { id: taskId });
      const policy = task.goalRun.policy;
      assert(policy.maxIterations === 3 && policy.requireLintClean === true && policy.onStuck === 'STOP', `policy ${JSON.stringify(policy)}`);

      // Another client submits and then cancels a goal: the board follows without a reload. (The
      // goal may already have ended by itself, e.g. when no worker can plan it: then the card
      // must show that end instead.)
      const other = await gql(
        `mutation($p: ID!, $g: String!) { submitGoal(projectId: $p, goal: $g) { task { id } } }`,
        { p: ctx.projectId, g: `Goal from another client (${stamp})` },
      );
      const otherId = other.submitGoal.task.id;
      await page.locator(`.task-card[data-task-id="${otherId}"]`).waitFor();
      try {
        await gql(`mutation($id: ID!) { cancelTask(id: $id, reason: "test") { id } }`, { id: otherId });
      } catch (e) {
        if (!String(e).includes('ILLEGAL_STATE')) throw e;
      }
      const { task: ended } = await gql(`query($id: ID!) { task(id: $id) { status } }`, { id: otherId });
      assert(['CANCELLED', 'FAILED', 'COMPLETED'].includes(ended.status), `the other goal ended: ${ended.status}`);
      await page.locator(`.task-card[data-task-id="${otherId}"][data-status=${ended.status}]`).waitFor();
      await screenshots(page, screenshotDir, '04-board');
    },
  },
  {
    name: 'ledger events arrive live',
    run: async (ctx) => {
      const { page } = ctx;
      await open(page, 'Ledger', '/ledger');
      await awaitLedgerSeq(page, await ledgerHead(ctx.projectId));
      // Another client writes to the project's ledger: an agent of its own, updated now and then
      // (AgentCreated, AgentUpdated), independent of what the task's agent is going through.
      const { createAgent } = await gql(
        `mutation($p: ID!, $n: String!) { createAgent(input: {projectId: $p, name: $n, roles: [TESTER]}) { id } }`,
        { p: ctx.projectId, n: `ticker-${stamp}` },
      );
      let ticks = 0;
      ctx.tick = () =>
        gql(`mutation($id: ID!, $d: String!) { updateAgent(id: $id, input: {description: $d}) { id } }`, {
          id: createAgent.id,
          d: `tick ${++ticks}`,
        });
      const before = await ledgerStats(page);
      await ctx.tick();
      await awaitLedgerSeq(page, await ledgerHead(ctx.projectId));
      // The agent that got the goal may add events of its own meanwhile: look for ours by seq.
      const ours = page.locator('.ledger-row[data-type=AgentUpdated]').last();
      await ours.waitFor();
      assert(Number(await ours.getAttribute('data-seq')) > before.lastSeq, 'the new event is shown');
    },
  },
  {
    name: 'a dropped connection resumes from the last seq, nothing lost or repeated',
    run: async (ctx) => {
      const { page, ws } = ctx;
      const before = await ledgerStats(page);
      ws.block(); // closes the live socket; new ones are refused until unblocked
      await page.waitForFunction(() => document.querySelector('[data-testid=ledger-stats]')?.dataset.link === 'reconnecting');
      for (let i = 0; i < 6; i++) await ctx.tick();
      const head = await ledgerHead(ctx.projectId);
      await page.waitForTimeout(1000); // a retry or two is refused while the network is down
      const during = await ledgerStats(page);
      assert(during.lastSeq === before.lastSeq, `no events while disconnected (${JSON.stringify(during)})`);
      ws.unblock();
      await awaitLedgerSeq(page, head, 30_000);
      await page.waitForFunction(() => document.querySelector('[data-testid=ledger-stats]')?.dataset.link === 'live');
      const after = await ledgerStats(page);
      assert(after.lastSeq >= head && after.count === after.lastSeq, `every event once: ${JSON.stringify(after)}, head ${head}`);
      assert(after.duplicates === 0 && after.gaps === 0, `no duplicates or gaps: ${JSON.stringify(after)}`);
      ctx.results.reconnect = { missedWhileDown: head - before.lastSeq, refusedConnections: ws.refused(), ...after };
    },
  },
  {
    name: 'approve and reject steps that wait for a person',
    run: async (ctx) => {
      const { page, screenshotDir } = ctx;
      const review = env('AGENTRY_REVIEW_PROJECT');
      await selectProject(page, review);
      await page.locator('[data-testid=approvals-count]', { hasText: '2' }).waitFor();
      await open(page, 'Approvals', '/approvals');
      const cards = page.locator('.approval-card');
      await cards.nth(1).waitFor();
      await screenshots(page, screenshotDir, '05-approvals');
      const [first, second] = [await cards.nth(0).getAttribute('data-job-id'), await cards.nth(1).getAttribute('data-job-id')];
      const approve = page.locator(`.approval-card[data-job-id="${first}"]`);
      await approve.locator('textarea[name=feedback]').fill('ship it');
      await approve.getByRole('button', { name: 'Approve' }).click();
      await approve.waitFor({ state: 'detached' });
      const reject = page.locator(`.approval-card[data-job-id="${second}"]`);
      await reject.locator('textarea[name=feedback]').fill('not on a Friday');
      await reject.getByRole('button', { name: 'Reject' }).click();
      await reject.waitFor({ state: 'detached' });
      await page.getByText('Nothing waits for a decision.').waitFor();
      ctx.results.approvals = { approved: first, rejected: second };

      await open(page, 'Jobs', '/jobs');
      await page.locator(`tr[data-job-id="${first}"][data-state=QUEUED]`).waitFor();
      await page.locator(`tr[data-job-id="${second}"][data-state=CANCELLED]`).click();
      await page.locator('tr.details').getByText('not on a Friday').first().waitFor();
      await screenshots(page, screenshotDir, '06-jobs');
    },
  },
  {
    name: 'a project with 1,000 ledger events stays usable',
    run: async (ctx) => {
      const { screenshotDir } = ctx;
      const busy = env('AGENTRY_BUSY_PROJECT');
      const expected = await ledgerHead(busy);
      assert(expected >= 1000, `the busy project has ${expected} events`);
      // A fresh tab whose WebSocket is not relayed through the test (that relay costs more per
      // message than the page does), opened straight at the ledger of the busy project.
      await ctx.page.close();
      const page = (ctx.page = await ctx.context.newPage());
      const started = Date.now();
      await page.goto(`${baseUrl}/ledger?project=${busy}`);
      await signIn(page);
      await awaitLedgerSeq(page, expected, 30_000);
      const loadMs = Date.now() - started;
      const stats = await ledgerStats(page);
      assert(stats.count === expected && stats.duplicates === 0 && stats.gaps === 0, JSON.stringify(stats));
      const renderedRows = await page.locator('.vrow').count();
      assert(renderedRows < 120, `the list renders only what is in view (${renderedRows} rows)`);

      // Scroll to the middle: the rows there are drawn, and one opens its payload.
      const scrollStarted = Date.now();
      await page.locator('.vlist').evaluate((el) => {
        el.scrollTop = 499 * 30;
      });
      await page.locator('.ledger-row[data-seq="500"]').click();
      await page.locator('.ledger-detail h2', { hasText: 'Event #500' }).waitFor();
      const scrollMs = Date.now() - scrollStarted;

      const filterStarted = Date.now();
      await page.getByLabel('Filter events').fill('Tick');
      await page.waitForFunction(() => document.querySelector('.vlist')?.dataset.count !== undefined && Number(document.querySelector('.vlist').dataset.count) < 1000);
      const filterMs = Date.now() - filterStarted;
      await page.getByLabel('Filter events').fill('');
      await screenshots(page, screenshotDir, '07-ledger-1000');

      const navStarted = Date.now();
      await open(page, 'Tasks', '/board');
      await page.locator('.board').waitFor();
      const navigateMs = Date.now() - navStarted;
      ctx.results.busyLedger = { events: expected, loadMs, renderedRows, scrollAndOpenMs: scrollMs, filterMs, navigateMs };
      assert(navigateMs < 3000, `switching views took ${navigateMs} ms`);
    },
  },
  {
    name: 'cluster nodes and worker load',
    run: async ({ page, screenshotDir, results }) => {
      await open(page, 'Cluster', '/cluster');
      await page.locator('.node-card').first().waitFor();
      await page.locator('tr[data-pool]').first().waitFor();
      results.cluster = { nodes: await page.locator('.node-card').count(), pools: await page.locator('tr[data-pool]').count() };
      await screenshots(page, screenshotDir, '08-cluster');
    },
  },
  {
    name: 'a page path survives a reload',
    run: async ({ page }) => {
      await page.reload();
      await page.locator('main.content[data-view="/cluster"]').waitFor();
      await page.locator('.node-card').first().waitFor();
    },
  },
];

/**
 * Routes the page's WebSockets through the test, which can drop them and refuse new ones: the
 * network going away, as far as the page can tell.
 */
async function droppableWebSockets(page) {
  let blocked = false;
  let refused = 0;
  const open = new Set();
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    if (blocked) {
      refused++;
      ws.close({ code: 4000, reason: 'test: network down' });
      return;
    }
    const server = ws.connectToServer();
    open.add({ ws, server });
  });
  return {
    block() {
      blocked = true;
      for (const { ws, server } of open) {
        server.close({ code: 1000, reason: 'client gone' });
        ws.close({ code: 4000, reason: 'test: network down' });
      }
      open.clear();
    },
    unblock() {
      blocked = false;
    },
    refused: () => refused,
  };
}

const browser = await launch();
let ok = false;
try {
  const context = await browser.newContext({ viewport: LAPTOP });
  const page = await context.newPage();
  const pageErrors = [];
  context.on('weberror', (e) => pageErrors.push(e.error().message));
  page.setDefaultTimeout(15_000);
  const ws = await droppableWebSockets(page);
  const ctx = { context, page, ws, gql, results: {}, screenshotDir: env('SCREENSHOT_DIR', join(process.cwd(), 'screenshots')) };
  ok = await runSteps(STEPS, ctx);
  if (pageErrors.length) {
    console.error(`uncaught errors in the page: ${JSON.stringify(pageErrors)}`);
    ok = false;
  }
} finally {
  await browser.close();
}
process.exit(ok ? 0 : 1);
