/**
 * `hopfield info`: the compute backend in use, what the runtime supports (WebAssembly SIMD, relaxed SIMD, shared
 * memory, threads) and the versions, as a two-column table (or JSON with --json).
 */
import type { Command } from 'commander';
import {
  availableCores,
  backend,
  backendSelection,
  threadsFromEnv,
  threadsUnavailableReason,
  wasmBackend,
  wasmUnavailableReason,
} from '../../core/linalg/index.js';
import { WASM_SOURCE_HASH } from '../../core/linalg/wasm-modules.generated.js';
import { defineCommand } from '../command.js';
import { VERSION } from '../output.js';

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
          : 'no (plain SIMD build in use; Node 20 enables it with --experimental-wasm-relaxed-simd)',
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
  defineCommand(program, {
    name: 'info',
    description: 'print the compute backend, WebAssembly SIMD/relaxed-SIMD/threads support and versions',
    examples: ['hopfield info', 'HOPFIELD_BACKEND=ts hopfield info --json info.json'],
    random: false,
    configure: () => {},
    run: () => ({ params: {}, rows: infoRows(), columns: ['item', 'value'] }),
  });
}
