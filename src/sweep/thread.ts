/**
 * Entry of a sweep worker thread (src/sweep/pool.ts): each message is one cell; the answer is its result or its
 * error. `workerData.backend` names the compute backend (undefined: the default).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BackendName } from '../core/linalg/index.js';
import { type CellInput, runCell, useBackend } from './runCell.js';

const port = parentPort;
if (!port) throw new Error('thread.ts must run as a worker thread');
useBackend((workerData as { backend?: BackendName } | null)?.backend);

port.on('message', (msg: { id: number; cell: CellInput }) => {
  runCell(msg.cell).then(
    (result) => port.postMessage({ id: msg.id, result }),
    (e: unknown) => port.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
port.postMessage({ ready: true });
