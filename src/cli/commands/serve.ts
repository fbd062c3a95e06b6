/**
 * `hopfield serve`: the browser playground (the static folder dist/web, built by `npm run build`) over HTTP with
 * the cross-origin-isolation headers that WebAssembly threads need:
 *   Cross-Origin-Opener-Policy: same-origin
 *   Cross-Origin-Embedder-Policy: require-corp
 * Plain node:http, no dependency; everything is served from the package, nothing from the network.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { int, parseParam } from '../../experiments/params.js';
import { type LiveSource, liveResponse, liveSource } from '../../sweep/live.js';
import { UsageError } from '../errors.js';
import { dataAssetFile } from './dataAssets.js';
import { tools } from './tools.js';

/** Headers every response carries (cross-origin isolation: SharedArrayBuffer and wasm threads in the page). */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
  '.a2m': 'text/plain; charset=utf-8',
  '.fasta': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
};

/** The built playground folder: dist/web beside this module (installed package) or under the repository root. */
export function webRoot(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [resolve(here, '../../web'), resolve(here, '../../../dist/web')];
  for (const c of candidates) if (existsSync(join(c, 'index.html'))) return c;
  throw new UsageError(
    `the playground is not built (no index.html in ${candidates.join(' or ')}); run 'npm run build' first`,
  );
}

/** Options of startServer. */
export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly root?: string;
  /** Send the cross-origin-isolation headers (default true; false serves the page as a plain static host would). */
  readonly isolation?: boolean;
  /** A sweep folder or Redis URL watched by the live page at /sweep (the playground may then be unbuilt). */
  readonly sweep?: LiveSource;
}

/** The playground folder, or null when it is not built and the server only shows a sweep. */
function rootFor(options: ServeOptions): string | null {
  if (options.root !== undefined) return options.root;
  try {
    return webRoot();
  } catch (e) {
    if (options.sweep) return null;
    throw e;
  }
}

/** Answer /sweep requests from the live view (false: not one of its paths). */
async function serveSweep(options: ServeOptions, url: URL, res: ServerResponse): Promise<boolean> {
  if (!options.sweep || !url.pathname.startsWith('/sweep')) return false;
  const r = await liveResponse(options.sweep, url.pathname, url.searchParams);
  if (!r) return false;
  res.writeHead(r.status, { 'Content-Type': r.type, 'Cache-Control': 'no-store' }).end(r.body);
  return true;
}

/** Start serving the playground; resolves once listening, with the server and its URL. */
export async function startServer(options: ServeOptions): Promise<{ server: Server; url: string }> {
  const root = rootFor(options);
  const server = createServer(async (req, res) => {
    if (options.isolation !== false)
      for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (await serveSweep(options, new URL(req.url ?? '/', 'http://x'), res)) return;
    if (root === null) {
      res
        .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('not found (the sweep is at /sweep)');
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) file = dataAssetFile(root, path) ?? file; // data/ copies left out of the package
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const body = readFileSync(file);
    const immutable = path.startsWith('/assets/');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : shown;
  return { server, url: `http://${host}:${addr.port}/` };
}

/** `--port`: a TCP port, 0 for any free one. */
const PORT = int({ help: 'TCP port (0 = any free port)', bounds: { min: 0, max: 65535 }, default: 4173 });

/** `--sweep`: a Redis URL, or a folder holding a sweep (spec.json); UsageError otherwise. */
function checkedSweepSource(text: string): LiveSource {
  const source = liveSource(text);
  if ('dir' in source && !existsSync(join(source.dir, 'spec.json')))
    throw new UsageError(`--sweep: "${text}" holds no sweep (no spec.json)`);
  return source;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(tools.serve.description)
    .option('--port <int>', 'TCP port (0 = any free port)', '4173')
    .option('--host [address]', 'listen on this address (flag alone: all interfaces; default 127.0.0.1)')
    .option('--sweep <dir|url>', 'also show a live view of this sweep folder (or Redis URL) at /sweep')
    .addHelpText(
      'after',
      '\nExamples:\n  hopfield serve\n  hopfield serve --port 8080 --host\n  hopfield serve --sweep cap   # live view at /sweep\n',
    )
    .action(async (opts: { port: string; host?: string | boolean; sweep?: string }) => {
      const port = parseParam('port', PORT, opts.port);
      const host = opts.host === undefined ? '127.0.0.1' : opts.host === true ? '0.0.0.0' : String(opts.host);
      const sweep = opts.sweep === undefined ? undefined : checkedSweepSource(opts.sweep);
      const { server, url } = await startServer({ port, host, sweep });
      process.stdout.write(`playground at ${url} (Ctrl-C to stop)\n`);
      if (sweep) process.stdout.write(`sweep at ${url}sweep\n`);
      await serveUntilStopped(server);
    });
}

/**
 * Keep serving until a signal (SIGINT, SIGTERM, SIGHUP) or until the process that started this one goes away:
 * `npx hopfield serve` runs this process under npm (and a shell), and killing npm's PID must not leave the server
 * behind, so the parent is watched (a changed parent PID means it died). On stop, open keep-alive connections are
 * closed too (a browser tab would otherwise hold `server.close` open).
 */
export function serveUntilStopped(server: Server, watchMs = 500): Promise<void> {
  return new Promise<void>((done) => {
    const parent = process.ppid;
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const stop = () => {
      clearInterval(watch);
      for (const s of signals) process.off(s, stop);
      server.close(() => done());
      server.closeAllConnections();
    };
    const watch = setInterval(() => {
      if (process.ppid !== parent) stop();
    }, watchMs);
    for (const s of signals) process.once(s, stop);
  });
}
