/**
 * `npx hopfield serve` runs the server under npm and a shell. Killing the PID the user sees must stop the server:
 * here a shell that does not forward signals starts the CLI (as npx does), the shell is killed by PID with
 * SIGKILL, and the port must be free soon after (the server notices its parent is gone). A SIGTERM to the server
 * itself stops it even while a browser holds a keep-alive connection open.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './browser.js';

const BIN = join(ROOT, 'src', 'cli', 'bin.ts');

/** Start `serve --port 0` under `sh -c '…; true'` (the shell stays the parent); resolves with the port. */
function startUnderShell(): Promise<{ shell: ChildProcess; port: number }> {
  const shell = spawn('sh', ['-c', `node --import tsx ${BIN} serve --port 0; true`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`serve did not start: ${out}`)), 60_000);
    shell.stdout?.on('data', (c) => {
      out += String(c);
      const m = /playground at http:\/\/[^:]+:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ shell, port: Number(m[1]) });
      }
    });
    shell.stderr?.on('data', (c) => {
      out += String(c);
    });
  });
}

/** Whether something listens on 127.0.0.1:port (a listen attempt fails with EADDRINUSE). */
function portBusy(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const probe = createServer();
    probe.once('error', () => ok(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => ok(false)));
  });
}

async function waitFree(port: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!(await portBusy(port))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** A keep-alive GET of the page, left open (as a browser tab keeps it). */
function keepAlive(port: number): Promise<void> {
  return new Promise((ok, fail) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', headers: { Connection: 'keep-alive' } },
      (res) => {
        res.resume();
        res.on('end', () => ok());
      },
    );
    req.on('error', fail);
    req.end();
  });
}

/** The PID of the shell's child (the server). */
async function childOf(pid: number): Promise<number> {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).trim();
  return Number(out.split('\n')[0]);
}

describe('hopfield serve stops with the process that started it', () => {
  it('killing the parent PID (SIGKILL, no signal forwarded) frees the port', async () => {
    ensureBuilt();
    const { shell, port } = await startUnderShell();
    const server = await childOf(shell.pid as number);
    try {
      expect(await portBusy(port)).toBe(true);
      await keepAlive(port);
      process.kill(shell.pid as number, 'SIGKILL');
      expect(await waitFree(port, 10_000)).toBe(true);
    } finally {
      try {
        process.kill(server, 'SIGKILL'); // an orphan left by a failure must not outlive the test
      } catch {
        // already gone
      }
    }
  }, 90_000);

  it('SIGTERM to the server stops it although a keep-alive connection is open', async () => {
    ensureBuilt();
    const { shell, port } = await startUnderShell();
    await keepAlive(port);
    const server = await childOf(shell.pid as number);
    expect(server).toBeGreaterThan(0);
    process.kill(server, 'SIGTERM');
    expect(await waitFree(port, 10_000)).toBe(true);
    await new Promise<void>((ok) => (shell.exitCode !== null ? ok() : shell.once('exit', () => ok())));
  }, 90_000);
});
