/**
 * Global setup of the test run: every temporary file or folder a test makes (through os.tmpdir()) lands in one
 * folder of this run, removed when the run ends, so no `hopfield-test-*` folder outlives `npm test` even when a
 * test fails before its own clean-up. Each test project runs its global setup (vitest.config.ts has two), so
 * the folder is made once and the later calls keep it: nesting them would lengthen every temporary path
 * (Chromium refuses a socket path over 107 bytes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MARK = 'HOPFIELD_TEST_RUN_DIR';

export default function setup(): () => void {
  if (process.env[MARK]) return () => {};
  const dir = mkdtempSync(join(tmpdir(), 'hopfield-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  process.env[MARK] = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    delete process.env[MARK];
    rmSync(dir, { recursive: true, force: true });
  };
}
