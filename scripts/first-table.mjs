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
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const cli = arg('--cli', join(root, 'dist/cli/bin.js'));
const limit = Number(arg('--limit', '5'));
const dir = mkdtempSync(join(tmpdir(), 'hopfield-first-table-'));

// 60 sequences of length 6 (the table's "(60 sequences)"), and three small PNG files (only their headers are read
// before the --size refusal).
const aa = 'ACDEFG-';
let fasta = '';
for (let i = 0; i < 60; i++) {
  let seq = '';
  for (let j = 0; j < 6; j++) seq += aa[(i * 7 + j * 3 + ((i * j) % 5)) % aa.length];
  fasta += `>s${i}\n${seq}\n`;
}
const msa = join(dir, 'm.fasta');
writeFileSync(msa, fasta);
const pngs = join(dir, 'imgs');
mkdirSync(pngs);
const header = Buffer.from('89504e470d0a1a0a0000000d4948445200000008000000080800000000', 'hex');
for (let i = 0; i < 3; i++) writeFileSync(join(pngs, `p${i}.png`), header);
const out = (name) => join(dir, name);
const huge = ['--patterns', pngs, '--size', '4096x4096', '--alpha', '1e-7'];

// The first row is the start-up time alone (under load it can take seconds), for reference.
const commands = [
  ['--version'],
  ['dense', 'crossover', '--lambda-tolerance', '5e-324'],
  ['pl', 'basins', '--step', '5e-324'],
  ['dense', 'basin', '--n', '1'],
  ['dense', 'basin-distance', '--n', '1'],
  ['potts', 'train', '--msa', msa, '--out', out('t.json'), '--threads', '256'],
  ['capacity', ...huge],
  ['retrieval-map', ...huge],
  ['phase-diagram', ...huge],
  ['store', '--out', out('n.json'), ...huge],
  ['crosstalk', ...huge],
  ['pl', 'train', '--out', out('p.json'), ...huge],
  ['pl', 'retrieval-map', ...huge],
  ['pl', 'basins', ...huge],
  ['capacity', '--alpha', '0.001:9.99:9.99e-05'],
  ['phase-diagram', '--alpha', '0.001:9.99:9.99e-05'],
  ['crosstalk', '--alpha', '0.001:9.99:9.99e-05'],
  ['pl', 'features', '--alpha', '0.001:100:0.001'],
  ['pl', 'retrieval-map', '--margins', '-5:10:0.00015'],
  ['pl', 'spin-glass', '--alpha', '0.001:1000:0.01'],
  ['audio', 'phase-diagram', '--temperature', '0:999990:10'],
  ['pl', 'train', '--n', '5000', '--out', out('pl.json')],
  ['lagrangian', 'synaptic', '--nv', '10000'],
  ['theory', 'ags-phase-diagram', '--points', '1000'],
  ['potts', 'sample', '--msa', msa, '--out', out('s.fasta'), '--samples', '10000000'],
  ['potts', 'sample', '--msa', msa, '--out', out('s.fasta'), '--burn-in', '10000000'],
  ['potts', 'sample', '--msa', msa, '--out', out('s.fasta'), '--chains', '100000'],
  ['potts', 'retrieval', '--msa', msa, '--trials', '100000'],
];

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
