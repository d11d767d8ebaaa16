// Agentry's numbers from a harness run, against the peers of the same run and against our goals.
// usage: node bench/report.mjs [bench/results/latest.json]
import { readFileSync, existsSync } from 'node:fs';

const GOAL_P50_MS = 5;
const GOAL_P99_MS = 20;

const file = process.argv[2] || 'bench/results/latest.json';
const latest = JSON.parse(readFileSync(file, 'utf8'));
const us = latest.peers?.agentry;
const fmt = (x, d = 0) => (x == null ? '-' : typeof x === 'string' ? x : x.toFixed(d));
const out = [];
const p = (s = '') => out.push(s);

if (!us) {
  console.log('\nagentry: not in this run (PEERS did not include agentry)');
  process.exit(0);
}

p('');
p(`Agentry vs peers, ${latest.repetitions} repetition(s) (median of same-repetition ratios; per rep in brackets)`);
const peers = Object.keys(latest.peers).filter((k) => k !== 'agentry');
for (const [label, series] of [
  ['cold node (like-for-like: clock from the node process\'s main(), as the harness\'s from inside the worker process)', 'agentry'],
  ['warm node (already running, steady state)', 'agentry [warm]'],
]) {
  const lines = peers
    .map((peer) => [peer, latest.throughput_ratios?.[`${series}/${peer}`]])
    .filter(([, r]) => r && r.median != null)
    .map(([peer, r]) => `    / ${peer.padEnd(16)} ${fmt(r.median, 2).padStart(6)}  (${r.per_rep.map((x) => fmt(x, 2)).join(', ')})`);
  if (lines.length) {
    p(`  throughput, ${label}:`);
    lines.forEach((l) => p(l));
  }
}

// The stricter cold figure: the clock from just before the node process is spawned (JVM boot
// included, which the harness leaves out for the peers' Node.js processes).
const repFiles = (latest.files || []).filter((f) => existsSync(f)).map((f) => JSON.parse(readFileSync(f, 'utf8')));
const bootLines = peers
  .map((peer) => {
    const perRep = repFiles
      .filter((r) => r.peer === 'agentry' && r.throughput?.jobs_per_s_incl_jvm_boot)
      .map((r) => [r, repFiles.find((q) => q.peer === peer && q.rep === r.rep)?.throughput?.jobs_per_s])
      .filter(([, theirs]) => theirs)
      .map(([r, theirs]) => r.throughput.jobs_per_s_incl_jvm_boot / theirs);
    if (!perRep.length) return null;
    const sorted = [...perRep].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    return `    / ${peer.padEnd(16)} ${fmt(median, 2).padStart(6)}  (${perRep.map((x) => fmt(x, 2)).join(', ')})`;
  })
  .filter(Boolean);
if (bootLines.length) {
  p('  throughput, cold node counting the JVM\'s boot too (clock from the process spawn):');
  bootLines.forEach((l) => p(l));
}

const lat = us.latency?.latency;
if (lat && lat.p50_ms.n) {
  const verdict = (v, goal) => (v <= goal ? 'met' : 'NOT met');
  p(`  latency enqueue -> handler start, ${lat.jobs} jobs at ${lat.rate_per_s}/s, median over repetitions:`);
  p(`    p50 ${fmt(lat.p50_ms.median, 2)} ms (${lat.p50_ms.values.map((x) => fmt(x, 2)).join(', ')})  goal <= ${GOAL_P50_MS} ms: ${verdict(lat.p50_ms.median, GOAL_P50_MS)}`);
  p(`    p99 ${fmt(lat.p99_ms.median, 2)} ms (${lat.p99_ms.values.map((x) => fmt(x, 2)).join(', ')})  goal <= ${GOAL_P99_MS} ms: ${verdict(lat.p99_ms.median, GOAL_P99_MS)}`);
  const peerLat = peers
    .filter((k) => latest.peers[k].latency?.latency?.p50_ms?.n)
    .map((k) => `${k} ${fmt(latest.peers[k].latency.latency.p50_ms.median, 1)}/${fmt(latest.peers[k].latency.latency.p99_ms.median, 1)}`);
  if (peerLat.length) p(`    peers p50/p99 ms: ${peerLat.join('; ')}`);
}

// Where the time went: from the per-repetition files (phases measured by QueueBench).
const files = (latest.files || []).filter((f) => /agentry\.rep\d+\.json$/.test(f) && existsSync(f));
const reps = files.map((f) => JSON.parse(readFileSync(f, 'utf8'))).sort((a, b) => a.rep - b.rep);
if (reps.length) {
  p('  per repetition:');
  for (const r of reps) {
    const t = r.throughput;
    const w = r.throughput_warm;
    const parts = [];
    if (t?.jobs_per_s)
      parts.push(
        `cold ${t.jobs_per_s} jobs/s in ${fmt(t.duration_s, 2)} s from main(), ${fmt(t.jobs_per_s_incl_jvm_boot)} jobs/s counting the JVM's boot of ${fmt(t.jvm_boot_s, 2)} s (from the spawn: node ready ${fmt(t.worker_startup_s, 2)} s, first job ${fmt(t.first_job_started_s, 2)} s, last ${fmt(t.last_job_finished_s, 2)} s; ${fmt(t.jobs_per_s_first_start_to_last_finish)} jobs/s between)`,
      );
    if (w?.jobs_per_s) parts.push(`warm ${w.jobs_per_s} jobs/s in ${fmt(w.duration_s, 2)} s (first job ${fmt(w.first_job_started_s, 2)} s)`);
    const l = (r.latency || [])[0];
    if (l?.p50_ms != null) parts.push(`latency p50/p99 ${fmt(l.p50_ms, 2)}/${fmt(l.p99_ms, 2)} ms, enqueue call p50/p99 ${fmt(l.enqueue_call_p50_ms, 2)}/${fmt(l.enqueue_call_p99_ms, 2)} ms`);
    for (const c of r.crash || [])
      parts.push(
        `${c.profile} ${c.recovered ? `${c.recovery_s} s` : `>${c.cap_s} s`} (fresh node ready ${fmt(c.fresh_worker_ready_s, 2)} s, job released ${fmt(c.released_from_dead_node_s, 2)} s)`,
      );
    if (r.error) parts.push(`ERROR ${String(r.error).split('\n')[0]}`);
    p(`    rep ${r.rep}: ${parts.join('\n           ')}`);
  }
}
console.log(out.join('\n'));
