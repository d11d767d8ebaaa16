// The harness of the dashboard's browser test: a headless Chromium of the system (Debian's
// `chromium`; playwright-core never downloads one), GraphQL over HTTP for what "another client"
// does, screenshots at laptop and wide-screen sizes, and named steps that report their time.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const LAPTOP = { width: 1366, height: 768 };
export const WIDE = { width: 2560, height: 1440 };

export function env(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export async function launch() {
  return chromium.launch({
    executablePath: env('CHROMIUM', '/usr/bin/chromium'),
    headless: true,
    // The test may run as root (CI), where Chromium's own sandbox cannot start.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

export class AssertionError extends Error {}

export function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}

/** GraphQL over HTTP with the test's key: what another client of the API does meanwhile. */
export function api(baseUrl, key) {
  return async function gql(query, variables = {}) {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
}

/** Saves NAME-laptop.png and NAME-wide.png, then goes back to the laptop size. */
export async function screenshots(page, dir, name) {
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (const [label, size] of [
    ['laptop', LAPTOP],
    ['wide', WIDE],
  ]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150); // layout and virtual list settle after a resize
    const file = join(dir, `${name}-${label}.png`);
    await page.screenshot({ path: file });
    files.push(file);
  }
  await page.setViewportSize(LAPTOP);
  return files;
}

/**
 * Runs the steps in order, each with the shared context; prints one line per step and a final
 * `RESULT {json}` line with `ctx.results` (the Java test reads it). Stops at the first failure,
 * after a screenshot of the page as it was.
 */
export async function runSteps(steps, ctx) {
  const timings = {};
  for (const step of steps) {
    const started = Date.now();
    try {
      await step.run(ctx);
    } catch (error) {
      console.error(`STEP FAILED ${step.name}: ${error?.stack ?? error}`);
      try {
        mkdirSync(ctx.screenshotDir, { recursive: true });
        await ctx.page.screenshot({ path: join(ctx.screenshotDir, `failed-${step.name.replace(/\W+/g, '-')}.png`) });
      } catch {}
      console.log(`RESULT ${JSON.stringify({ ok: false, failedStep: step.name, timings, ...ctx.results })}`);
      return false;
    }
    timings[step.name] = Date.now() - started;
    console.log(`STEP ok ${step.name} (${timings[step.name]} ms)`);
  }
  console.log(`RESULT ${JSON.stringify({ ok: true, timings, ...ctx.results })}`);
  return true;
}

/** Clicks a navigation entry and waits until its view is shown. */
export async function open(page, title, path) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: title, exact: false }).first().click();
  await page.locator(`main.content[data-view="${path}"]`).waitFor();
}

/** Reads the ledger view's counters (data attributes of its stats line). */
export async function ledgerStats(page) {
  return page.locator('[data-testid=ledger-stats]').evaluate((el) => ({
    count: Number(el.dataset.count),
    lastSeq: Number(el.dataset.lastSeq),
    duplicates: Number(el.dataset.duplicates),
    gaps: Number(el.dataset.gaps),
    link: el.dataset.link,
  }));
}

/** Waits until the ledger view has seen `seq`. */
export async function awaitLedgerSeq(page, seq, timeout = 15_000) {
  await page.waitForFunction(
    (want) => Number(document.querySelector('[data-testid=ledger-stats]')?.dataset.lastSeq ?? 0) >= want,
    seq,
    { timeout },
  );
}
