// Builds the dashboard for Maven (api-verticle, process-resources): `npm ci` when package.json or
// the lockfile changed since the last install, `npm run build` into OUT_DIR when any input changed
// since the last build (or the output is gone). An unchanged tree costs a hash of a few files, so
// the dashboard does not slow down builds that do not touch it.
//
//   node scripts/maven-build.mjs <outDir> <stampFile>
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [outDir, stampFile] = process.argv.slice(2).map((p) => resolve(p));
if (!outDir || !stampFile) {
  console.error('usage: node scripts/maven-build.mjs <outDir> <stampFile>');
  process.exit(2);
}

const INPUTS = ['package.json', 'package-lock.json', 'index.html', 'tsconfig.json', 'vite.config.mjs', 'src'];

function files(path) {
  const full = join(web, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

function hash(paths) {
  const digest = createHash('sha256');
  for (const path of paths) {
    digest.update(relative(web, join(web, path))).update('\0').update(readFileSync(join(web, path))).update('\0');
  }
  return digest.digest('hex');
}

function run(args, env = {}) {
  console.log(`[dashboard] npm ${args.join(' ')}`);
  const result = spawnSync('npm', args, {
    cwd: web,
    stdio: 'inherit',
    env: { ...process.env, npm_config_update_notifier: 'false', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', ...env },
  });
  if (result.error) {
    console.error(`[dashboard] cannot run npm: ${result.error.message} (install Node.js 20+ with npm: infra/services.sh up)`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`[dashboard] npm ${args[0]} failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

const started = Date.now();
const installMarker = join(web, 'node_modules', '.agentry-install');
const lockHash = hash(['package.json', 'package-lock.json']);
if (!existsSync(installMarker) || readFileSync(installMarker, 'utf8') !== lockHash) {
  run(['ci', '--no-audit', '--no-fund', '--prefer-offline']);
  writeFileSync(installMarker, lockHash);
}

const inputHash = hash(INPUTS.flatMap(files));
const built = existsSync(join(outDir, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === inputHash;
if (built) {
  console.log(`[dashboard] up to date in ${relative(process.cwd(), outDir) || outDir}`);
} else {
  run(['run', 'build'], { DASHBOARD_OUT_DIR: outDir });
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, inputHash);
}
console.log(`[dashboard] ready in ${Date.now() - started} ms`);
