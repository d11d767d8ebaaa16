// Agentry (our own queue, Java, PostgreSQL) driver. Unlike the peer drivers it does not use
// lib/harness.mjs: the measurements run in a Java program (bench/queue-bench, QueueBench) that
// uses our JobStore as the producer and starts Agentry node JVMs as the worker processes, with
// the same three tests, sizes, rates and cap as lib/harness.mjs (see bench/README.md). This file
// passes the harness's settings through and writes the same per-repetition JSON.
//
// Needs bench/queue-bench/target/queue-bench.jar and node/target/agentry.jar (bench/run.sh builds
// both). Uses the database agentry_bench only (created if missing; `TRUNCATE jobs, job_errors`
// before every test), or BENCH_DATABASE (a name starting with agentry_bench) to keep clear of
// someone else using agentry_bench at the same time. Environment: JAVA (a java binary of JDK 21+; default $JAVA_HOME/bin/java,
// else `java` on PATH), AGENTRY_NODE_JAR, AGENTRY_BENCH_JAR, BENCH_AGGRESSIVE_ENV,
// BENCH_NODE_JVM_OPTS, and the harness's N / N_AGENTRY, LAT_JOBS, LAT_RATE, LAT_WARMUP,
// CRASH_CAP_S, CRASH_VARIANTS, TESTS.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, mkdtempSync, rmSync, existsSync, copyFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadavg, tmpdir } from 'node:os';
import { round } from '../lib/common.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..'); // repository root (bench/peers/drivers -> ../../..)
const BENCH_JAR = process.env.AGENTRY_BENCH_JAR || join(ROOT, 'bench/queue-bench/target/queue-bench.jar');
const NODE_JAR = process.env.AGENTRY_NODE_JAR || join(ROOT, 'node/target/agentry.jar');
const JAVA = process.env.JAVA || (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : 'java');

const log = (...a) => process.stderr.write(`[${new Date().toISOString().slice(11, 23)}] ${a.join(' ')}\n`);

const { values } = parseArgs({
  options: {
    tests: { type: 'string', default: process.env.TESTS || 'throughput,latency,crash' },
    n: { type: 'string', default: process.env.N_AGENTRY || process.env.N || '100000' },
    'lat-jobs': { type: 'string', default: process.env.LAT_JOBS || '2000' },
    'lat-rate': { type: 'string', default: process.env.LAT_RATE || '100' },
    'lat-warmup': { type: 'string', default: process.env.LAT_WARMUP || '50' },
    'crash-cap': { type: 'string', default: process.env.CRASH_CAP_S || '120' },
    'crash-variants': { type: 'string', default: process.env.CRASH_VARIANTS || 'default,aggressive,cluster' },
    out: { type: 'string' },
    rep: { type: 'string', default: '1' },
  },
});

// Same option object as lib/harness.mjs writes (the Java program uses the same constants).
const opts = {
  n: Number(values.n),
  latJobs: Number(values['lat-jobs']),
  latRate: Number(values['lat-rate']),
  latWarmup: Number(values['lat-warmup']),
  crashCapS: Number(values['crash-cap']),
  crashSleepMs: 30000,
  crashKillAfterMs: 500,
  throughputCapS: 180,
  idleBeforeMs: 1500,
};

function gitCommit() {
  try {
    const sha = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim();
    return dirty ? `${sha} (+ uncommitted changes)` : sha;
  } catch {
    return null;
  }
}

const rep = Number(values.rep);
const started_at = new Date().toISOString();
const loadavg_start = loadavg().map((x) => round(x, 2));
const tmp = mkdtempSync(join(tmpdir(), 'agentry-bench-'));
const javaOut = join(tmp, 'result.json');
const logDir = values.out ? join(dirname(values.out), 'agentry-node-logs', `rep${rep}`) : join(tmp, 'node-logs');
mkdirSync(logDir, { recursive: true });

let out;
if (!existsSync(BENCH_JAR) || !existsSync(NODE_JAR)) {
  out = {
    peer: 'agentry',
    error: `missing ${!existsSync(BENCH_JAR) ? BENCH_JAR : NODE_JAR}: run bench/run.sh (or bin/agentry build and mvn -f bench/queue-bench/pom.xml package)`,
  };
} else {
  // A private copy: rebuilding bench/queue-bench while this runs must not pull the jar from under it.
  const benchJar = join(tmp, 'queue-bench.jar');
  copyFileSync(BENCH_JAR, benchJar);
  const args = [
    '-jar', benchJar,
    '--tests', values.tests,
    '--n', String(opts.n),
    '--lat-jobs', String(opts.latJobs),
    '--lat-rate', String(opts.latRate),
    '--lat-warmup', String(opts.latWarmup),
    '--crash-cap', String(opts.crashCapS),
    '--crash-variants', values['crash-variants'],
    '--throughput-cap', String(opts.throughputCapS),
    '--node-jar', NODE_JAR,
    '--java', JAVA,
    '--log-dir', logDir,
    '--database', process.env.BENCH_DATABASE || 'agentry_bench',
    '--out', javaOut,
  ];
  const child = spawn(JAVA, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  // Ctrl-C / kill of the harness: let the Java program kill its node processes (shutdown hook).
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill('SIGTERM'));
  const code = await new Promise((res) => child.on('exit', (c, s) => res(c ?? s)));
  try {
    out = JSON.parse(readFileSync(javaOut, 'utf8'));
  } catch (e) {
    out = { peer: 'agentry', error: `queue-bench exited with ${code} and wrote no result (${e.message})` };
  }
}
rmSync(tmp, { recursive: true, force: true });

const result = {
  peer: 'agentry',
  rep,
  started_at,
  node: process.version,
  loadavg_start,
  versions: {
    ...(out.versions || {}),
    ...(process.env.AGENTRY_NODE_JAR_BUILT ? { node_jar_built: process.env.AGENTRY_NODE_JAR_BUILT } : {}),
    git: gitCommit(),
  },
  settings: out.settings || {},
  options: opts,
  throughput: out.throughput ?? null,
  throughput_warm: out.throughput_warm ?? null,
  latency: out.latency || [],
  crash: out.crash || [],
  node_logs: logDir,
  ...(out.foreign_clients ? { foreign_clients: out.foreign_clients } : {}),
  ...(out.error ? { error: out.error } : {}),
  finished_at: new Date().toISOString(),
  loadavg_end: loadavg().map((x) => round(x, 2)),
};
if (out.error) log(`agentry ERROR: ${String(out.error).split('\n')[0]}`);
const json = JSON.stringify(result, null, 2);
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, json + '\n');
} else {
  process.stdout.write(json + '\n');
}
process.exit(out.error ? 1 : 0);
