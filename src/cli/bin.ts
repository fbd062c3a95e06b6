#!/usr/bin/env node
import { enableRelaxedSimd } from '../node/relaxedSimd.js';
import { UsageError } from './errors.js';
import { main } from './main.js';

// A usage error raised where no caller can catch it (a progress callback run from a worker's message, e.g. the
// --max-minutes check) is still one line and exit status 2; nothing has been written by then.
process.on('uncaughtException', (e) => {
  const usage = e instanceof UsageError;
  process.stderr.write(`hopfield: ${usage ? e.message : (e.stack ?? e.message)}\n`);
  process.exit(usage ? 2 : 1);
});

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
