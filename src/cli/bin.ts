#!/usr/bin/env node
import { enableRelaxedSimd } from '../node/relaxedSimd.js';
import { main } from './main.js';

let ready = true;
try {
  enableRelaxedSimd(); // before any kernel loads: the relaxed (FMA) build on Node 20 too, as on Node ≥ 22
} catch (e) {
  process.stderr.write(`hopfield: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
  ready = false;
}
if (ready)
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
