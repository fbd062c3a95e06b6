/**
 * Entry of the worker threads of src/node/pool.ts: `workerData.kind` selects the job, each message is one task.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  type PottsSamplingConfig,
  samplePotts,
  symmetricTransposedCouplings,
} from '../core/dynamics/potts.js';
import {
  type PottsModel,
  type PreparedPotts,
  type ResolvedSiteSettings,
  trainPottsSite,
} from '../core/models/potts.js';
import {
  type ArModel,
  arTransposedCouplings,
  type PreparedAr,
  sampleAutoregressive,
  trainArSite,
} from '../core/models/pottsAutoregressive.js';
import { advanceChainBlock } from '../core/models/pottsBoltzmann.js';
import { Rng, type RngState } from '../core/rng/index.js';
import { neighbourCountsPacked, type PackedAlignment } from '../data/msa.js';

type Setup =
  | { kind: 'potts-train'; prep: PreparedPotts; settings: ResolvedSiteSettings }
  | { kind: 'msa-weights'; pa: PackedAlignment; maxMis: number; parts: number }
  | { kind: 'potts-sample'; model: PottsModel; cfg: PottsSamplingConfig }
  | { kind: 'potts-ar-train'; prep: PreparedAr; settings: ResolvedSiteSettings }
  | { kind: 'potts-ar-sample'; model: ArModel; temperature: number }
  | {
      kind: 'potts-bm-chains';
      n: number;
      q: number;
      /** Shared with the calling thread, which writes them between rounds. */
      h: Float64Array;
      jt: Float64Array;
      /** This worker's block of chains and their streams. */
      state: Uint8Array;
      rngs: RngState[];
      /** Shared: this worker's counts of each recorded round. */
      c1: Float64Array;
      c2: Float64Array;
    };

const setup = workerData as Setup;
const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');
let jt: Float64Array | undefined;
let chainRngs: Rng[] | undefined;

port.on('message', (msg: { index: number; task: unknown }) => {
  try {
    switch (setup.kind) {
      case 'potts-train': {
        const sol = trainPottsSite(setup.prep, msg.task as number, setup.settings);
        port.postMessage({ index: msg.index, result: sol }, [
          sol.fields.buffer as ArrayBuffer,
          sol.row.buffer as ArrayBuffer,
        ]);
        break;
      }
      case 'msa-weights': {
        const { pa, maxMis, parts } = setup;
        const counts = new Float64Array(pa.mu);
        neighbourCountsPacked(pa.packed, pa.mu, pa.words, pa.mult, maxMis, msg.task as number, parts, counts);
        port.postMessage({ index: msg.index, result: counts }, [counts.buffer as ArrayBuffer]);
        break;
      }
      case 'potts-sample': {
        jt ??= symmetricTransposedCouplings(setup.model);
        const t = msg.task as { rng: RngState };
        const out = samplePotts(setup.model, setup.cfg, Rng.fromState(t.rng), undefined, jt);
        port.postMessage({ index: msg.index, result: out }, [out.buffer as ArrayBuffer]);
        break;
      }
      case 'potts-ar-train': {
        const sol = trainArSite(setup.prep, msg.task as number, setup.settings);
        port.postMessage({ index: msg.index, result: sol }, [
          sol.fields.buffer as ArrayBuffer,
          sol.row.buffer as ArrayBuffer,
        ]);
        break;
      }
      case 'potts-ar-sample': {
        jt ??= arTransposedCouplings(setup.model);
        const t = msg.task as { rng: RngState; count: number };
        const out = sampleAutoregressive(setup.model, t.count, Rng.fromState(t.rng), setup.temperature, jt);
        port.postMessage({ index: msg.index, result: out }, [out.buffer as ArrayBuffer]);
        break;
      }
      case 'potts-bm-chains': {
        const t = msg.task as { sweeps: number; record: boolean };
        const { n, q, h, state, c1, c2 } = setup;
        chainRngs ??= setup.rngs.map((r) => Rng.fromState(r));
        if (t.record) {
          c1.fill(0);
          c2.fill(0);
        }
        advanceChainBlock(state, chainRngs, n, q, h, setup.jt, t.sweeps, t.record ? { c1, c2 } : undefined);
        port.postMessage({ index: msg.index, result: null });
        break;
      }
    }
  } catch (e) {
    port.postMessage({ index: msg.index, error: e instanceof Error ? e.message : String(e) });
  }
});
