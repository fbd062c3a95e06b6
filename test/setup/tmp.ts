/**
 * Global setup of the test run: every temporary file or folder a test makes (through os.tmpdir()) lands in one
 * folder of this run, removed when the run ends, so no `hopfield-test-*` folder outlives `npm test` even when a
 * test fails before its own clean-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'hopfield-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
