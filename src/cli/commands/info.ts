/**
 * `hopfield info`: the compute backend in use, what the runtime supports (WebAssembly SIMD, relaxed SIMD, shared
 * memory, threads) and the versions, as a two-column table (or JSON with --json).
 */
import type { Command } from 'commander';
import {
  availableCores,
  BACKEND_NAMES,
  backend,
  backendSelection,
  relaxedSimdFromEnv,
  threadsFromEnv,
  threadsUnavailableReason,
  wasmBackend,
  wasmUnavailableReason,
} from '../../core/linalg/index.js';
import { WASM_SOURCE_HASH } from '../../core/linalg/wasm-modules.generated.js';
import { installBackend } from '../generate.js';
import {
  checkOutputPaths,
  formatTable,
  type OutputFile,
  resultDocument,
  toCsv,
  VERSION,
  writeAllAtomic,
} from '../output.js';
import { tools } from './tools.js';

/** The facts `hopfield info` prints, as {item, value} rows. */
export function infoRows(): { item: string; value: string }[] {
  const active = backend();
  const w = wasmBackend();
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  const rows: { item: string; value: string }[] = [
    { item: 'backend', value: `${active.name} (${backendSelection()})` },
    { item: 'wasm backend', value: w ? 'available' : `unavailable: ${wasmUnavailableReason()}` },
  ];
  if (w) {
    const f = w.features;
    const threadReason = threadsUnavailableReason(w.handle);
    rows.push(
      { item: 'wasm SIMD (128-bit)', value: yesNo(f.simd) },
      {
        item: 'wasm relaxed SIMD (FMA)',
        value: f.relaxedSimd
          ? 'yes'
          : relaxedSimdFromEnv() === false
            ? 'no (HOPFIELD_RELAXED_SIMD=0: the plain SIMD build)'
            : 'no (this runtime does not compile it: the plain SIMD build)',
      },
      { item: 'wasm shared memory', value: yesNo(f.sharedMemory) },
      {
        item: 'wasm threads',
        value:
          w.threads() > 1
            ? `${w.threads()} (for operations above ~0.5 ms)`
            : threadReason
              ? `1 (${threadReason})`
              : `1${threadsFromEnv() === 1 ? ' (HOPFIELD_THREADS=1)' : ''}`,
      },
      { item: 'wasm kernel source', value: WASM_SOURCE_HASH },
    );
  }
  const v = process.versions;
  rows.push(
    { item: 'cores', value: String(availableCores()) },
    { item: 'hopfield', value: VERSION },
    { item: 'node', value: v.node },
    { item: 'v8', value: v.v8 },
    { item: 'platform', value: `${process.platform} ${process.arch}` },
  );
  return rows;
}

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description(tools.info.description)
    .option('--json <file>', 'write {command, version, seed, params, rows} as JSON')
    .option('--csv <file>', 'write the rows as CSV')
    .option(
      '--backend <name>',
      `compute backend: ${BACKEND_NAMES.join('|')} (default: $HOPFIELD_BACKEND, else the fastest)`,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ hopfield info\n  $ HOPFIELD_BACKEND=ts hopfield info --json info.json\n',
    )
    .action((o: { json?: string; csv?: string; backend?: string }) => {
      checkOutputPaths([
        { flag: '--json', path: o.json },
        { flag: '--csv', path: o.csv },
      ]);
      const restore = installBackend(o.backend);
      try {
        const rows = infoRows();
        const files: OutputFile[] = [];
        if (o.json)
          files.push({
            flag: '--json',
            path: o.json,
            content: `${JSON.stringify(resultDocument('info', null, {}, rows), null, 2)}\n`,
          });
        if (o.csv) files.push({ flag: '--csv', path: o.csv, content: toCsv(rows) });
        writeAllAtomic(files);
        process.stdout.write(`${formatTable(rows, ['item', 'value'])}\n`);
      } finally {
        restore();
      }
    });
}
