/**
 * Setup file of the 'relaxed' test project: turns relaxed SIMD on as the CLI does (src/node/relaxedSimd.ts),
 * before the test file's first kernel loads.
 */
import { enableRelaxedSimd } from '../../src/node/relaxedSimd.js';

if (!enableRelaxedSimd()) throw new Error('this runtime does not compile relaxed SIMD even with V8 flag set');
