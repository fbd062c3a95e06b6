#!/usr/bin/env node
/**
 * The 5 s bound of the hardening campaign's first table: runs every command of that table against the built CLI
 * (dist/cli/bin.js; `npx tsc -p tsconfig.build.json` first) and prints, per command, the seconds until it exited
 * (a refusal: exit 2 and one line) or until its first estimate line on stderr ("about … on N cores"), when the run
 * is then interrupted (SIGINT). A command still silent after the limit (default 5 s) is stopped and marked. Prints
 * the load average before and after (the machine may be shared), and first the start-up time alone
 * (`hopfield --version`). Not part of the test suite.
 *
 * Usage: node scripts/first-table.mjs [--limit SECONDS] [--cli PATH]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstTable } from './first-table-commands.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const cli = arg('--cli', join(root, 'dist/cli/bin.js'));
const limit = Number(arg('--limit', '5'));
const dir = mkdtempSync(join(tmpdir(), 'hopfield-first-table-'));

const table = firstTable(dir);
// The first row is the start-up time alone (under load it can take seconds), for reference.
const commands = [['--version'], ...table.refused, ...table.run, ...table.long];

/** Run one command: seconds to exit, or to the first estimate line (then interrupted), or past the limit. */
function time(args) {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let outcome = '';
    const timer = setTimeout(() => {
      outcome = `still running after ${limit} s`;
      child.kill('SIGINT');
    }, limit * 1000);
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!outcome && /: about .* on \d+ cores?/.test(stderr)) {
        outcome = 'estimate printed';
        child.kill('SIGINT');
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const s = (performance.now() - t0) / 1000;
      const line = stderr.trim().split('\n')[0] ?? '';
      done({ s, code, outcome: outcome || `exit ${code}`, line });
    });
  });
}

console.log(
  `load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; limit ${limit} s; ${cli}`,
);
console.log('seconds | outcome | command | first stderr line');
for (const args of commands) {
  const r = await time(args);
  const mark = r.outcome.startsWith('still') ? ' !' : '';
  console.log(
    `${r.s.toFixed(2)}${mark} | ${r.outcome} | hopfield ${args.join(' ').replaceAll(dir, '…')} | ${r.line.replaceAll(dir, '…').slice(0, 160)}`,
  );
}
console.log(
  `load after ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
rmSync(dir, { recursive: true, force: true });
