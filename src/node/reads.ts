/**
 * The Node side of src/experiments/nodeReads.ts: the readers of pattern files, the MNIST files and the bundled
 * audio sets, imported on first use (installing them costs nothing at start-up).
 */
import { installNodeReads, type NodeReads } from '../experiments/nodeReads.js';

async function loadReads(): Promise<NodeReads> {
  const [patterns, mnist, audio] = await Promise.all([
    import('./patternFiles.js'),
    import('./mnistFiles.js'),
    import('./audioFiles.js'),
  ]);
  return {
    readPatternSource: patterns.readPatternSource,
    loadBinarizedMnist: mnist.loadBinarizedMnist,
    bundledAudioDir: audio.bundledAudioDir,
    bundledFsddDir: audio.bundledFsddDir,
    readRecordings: audio.readRecordings,
  };
}

/** Let the entries read their files by path in this thread (the command line, sweep cells, the Node API). */
export function useNodeReads(): void {
  installNodeReads(loadReads);
}
