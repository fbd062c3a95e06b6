/**
 * `hopfield report --out DIR [--quick]`: run a small version of every experiment and write DIR/index.html with
 * the figures (also DIR/<figure>.svg and DIR/report.json with the rows, settings and seeds).
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { createRng } from '../../core/rng/index.js';
import { packageRoot } from '../../node/audioFiles.js';
import { loadInputs } from '../../node/inputs.js';
import { type RenderedSection, reportHtml } from '../../report/html.js';
import { renderSvg } from '../../report/plot.js';
import { buildSection } from '../../report/run.js';
import { reportSections } from '../../report/sections/index.js';
import type { ReportSection } from '../../report/types.js';
import { UsageError } from '../errors.js';
import { resolveSeed } from '../generate.js';
import { ensureDir, type OutputFile, VERSION, writeAllAtomic } from '../output.js';
import { createProgress } from '../progress.js';
import { tools } from './tools.js';

/** A per-section seed: the report seed mixed with the section id (FNV-1a), so sections are independent. */
export function sectionSeed(seed: number, id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h ^ seed) >>> 0;
}

/**
 * The report directory must be creatable and writable before any section runs: a non-empty path whose parent is a
 * writable directory (probed by creating and removing a file, which also catches pseudo file systems like /proc).
 */
function checkReportDir(out: string): void {
  if (out.trim() === '') throw new UsageError(`--out must be a directory path (got "${out}")`);
  const parent = dirname(resolve(out));
  if (!existsSync(parent) || !statSync(parent).isDirectory())
    throw new UsageError(`--out: parent directory "${parent}" does not exist (got "${out}")`);
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out is a file (got "${out}")`);
  const probeDir = existsSync(out) ? out : parent;
  const probe = join(probeDir, `.hopfield-probe-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch {
    throw new UsageError(`--out: "${probeDir}" is not writable (got "${out}")`);
  }
}

interface ReportOptions {
  readonly out: string;
  readonly quick?: boolean;
  readonly only?: string;
  readonly seed?: string;
  readonly quiet?: boolean;
  readonly timings?: boolean;
}

/** The section ids to run (all by default); unknown ids are a usage error. */
function selectedSections(only: string | undefined): string[] {
  const ids = reportSections.map((s) => s.id);
  const chosen = only === undefined ? ids : only.split(',').map((s) => s.trim());
  for (const id of chosen) {
    if (!ids.includes(id))
      throw new UsageError(`--only must list section ids from ${ids.join(', ')} (got "${only}")`);
  }
  return chosen;
}

/** Build one section and render its figures; a failure is kept as the section's error. */
async function renderSection(
  section: ReportSection,
  seed: number,
  quick: boolean,
  quiet: boolean,
): Promise<RenderedSection> {
  const s = sectionSeed(seed, section.id);
  const bar = createProgress(section.id.padEnd(12), !quiet);
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  const figureSeconds: { id: string; seconds: number }[] = [];
  try {
    const ctx = {
      quick,
      seed: s,
      rng: createRng(s),
      onProgress: bar.update,
      onFigure: (id: string, sec: number) => figureSeconds.push({ id, seconds: sec }),
      data: (path: string) => new Uint8Array(readFileSync(join(packageRoot(), 'data', path))),
    };
    const figures =
      'figures' in section
        ? await buildSection(section, ctx, (params, config) => loadInputs(params, config as never))
        : await section.build(ctx);
    const withSvg = [];
    for (const f of figures) withSvg.push({ ...f, svg: await renderSvg(f.plot) });
    return { section, seed: s, figures: withSvg, seconds: seconds(), figureSeconds };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`hopfield report: section ${section.id} failed: ${msg}\n`);
    return { section, seed: s, figures: [], seconds: seconds(), figureSeconds, error: msg };
  } finally {
    bar.stop();
  }
}

/** The report's files: one SVG per figure, report.json (rows, settings, seeds) and index.html. */
function reportFiles(
  out: string,
  seed: number,
  quick: boolean,
  only: string[],
  rendered: RenderedSection[],
): OutputFile[] {
  const files: OutputFile[] = [];
  for (const s of rendered)
    for (const f of s.figures) files.push({ flag: '--out', path: join(out, `${f.id}.svg`), content: f.svg });
  const data = {
    command: 'report',
    version: VERSION,
    seed,
    params: { quick, only },
    sections: rendered.map((s) => ({
      id: s.section.id,
      seed: s.seed,
      seconds: s.seconds,
      error: s.error ?? null,
      figures: s.figures.map((f) => ({ id: f.id, title: f.title, settings: f.settings, rows: f.rows ?? [] })),
    })),
  };
  files.push({
    flag: '--out',
    path: join(out, 'report.json'),
    content: `${JSON.stringify(data, null, 1)}\n`,
  });
  const html = reportHtml({
    title: 'hopfield — associative memories, simulation beside theory',
    seed,
    quick,
    version: VERSION,
    date: new Date().toISOString().slice(0, 10),
    sections: rendered,
  });
  files.push({ flag: '--out', path: join(out, 'index.html'), content: html });
  return files;
}

/** The closing table: seconds per section, their sum, and the whole process so far (module loading included). */
export function timingsTable(rendered: readonly RenderedSection[], wall: number, figures = false): string {
  const w = Math.max(
    16,
    ...rendered.flatMap((s) => [s.section.id.length, ...(s.figureSeconds ?? []).map((f) => f.id.length + 2)]),
  );
  const line = (name: string, sec: number) => `  ${name.padEnd(w)} ${sec.toFixed(1).padStart(6)} s\n`;
  let sum = 0;
  let out = 'timings\n';
  for (const s of rendered) {
    sum += s.seconds;
    out += line(s.section.id, s.seconds);
    if (figures) for (const f of s.figureSeconds ?? []) out += line(`  ${f.id}`, f.seconds);
  }
  return `${out}${line('sections', sum)}${line('report command', wall)}`;
}

async function runReport(o: ReportOptions): Promise<void> {
  checkReportDir(o.out);
  const only = selectedSections(o.only);
  const seed = resolveSeed(o.seed);
  process.stdout.write(`seed ${seed}\n`);
  const quick = Boolean(o.quick);
  const rendered: RenderedSection[] = [];
  for (const section of reportSections.filter((s) => only.includes(s.id))) {
    const r = await renderSection(section, seed, quick, Boolean(o.quiet));
    rendered.push(r);
    process.stdout.write(
      `${section.id.padEnd(14)} ${String(r.figures.length).padStart(2)} figure(s)  ${r.seconds.toFixed(1).padStart(6)} s${r.error ? '  FAILED' : ''}\n`,
    );
  }
  ensureDir(o.out);
  writeAllAtomic(reportFiles(o.out, seed, quick, only, rendered));
  process.stdout.write(`wrote ${join(o.out, 'index.html')}\n`);
  process.stdout.write(timingsTable(rendered, performance.now() / 1000, Boolean(o.timings)));
  if (rendered.some((s) => s.error)) process.exitCode = 1;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(tools.report.description)
    .requiredOption('--out <dir>', 'output directory (created if missing; its parent must exist)')
    .option('--quick', 'smaller sizes (the README main job: under a minute on 2 cores)')
    .option('--only <ids>', `comma-separated section ids: ${reportSections.map((s) => s.id).join(', ')}`)
    .option('--seed <int>', 'random seed (chosen and printed if absent)')
    .option('-q, --quiet', 'no progress bar')
    .option('--timings', "each figure's seconds in the closing timings table (sections are always listed)")
    .addHelpText('after', '\nExample:\n  $ hopfield report --out report --quick --seed 1\n')
    .action(runReport);
}
