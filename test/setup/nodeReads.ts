/**
 * Setup file of every test project: the entries read `--patterns` paths, MNIST and the bundled audio sets through
 * the Node readers, as the command line installs them (src/node/reads.ts).
 */
import { useNodeReads } from '../../src/node/reads.js';

useNodeReads();
