/**
 * The second bad-input campaign (issue "Hardening, second campaign"): one test per row of its table of outputs
 * and input files, and the degenerate values, work estimates and non-finite results it lists.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { smallAlignment } from '../../scripts/first-table-commands.mjs';
import { writeAllAtomic } from '../../src/cli/output.js';
import { createProgress, formatDuration } from '../../src/cli/progress.js';
import { decodeNpy, encodeNpy } from '../../src/data/npy.js';
import { decodePngGrey } from '../../src/data/png.js';
import { decodeWav } from '../../src/data/wav.js';
import { runCli, tempDir } from './helpers.js';

const oneLine = (stderr: string) => stderr.trim().split('\n');

/** A small alignment (60 sequences of length 6), seeded by a fixed pattern. */
const writeMsa = (path: string): void => writeFileSync(path, smallAlignment());

describe('hardening, second campaign: outputs and input files', () => {
  it('row 1: an output naming the input of the same run is refused, the input left byte-identical', async () => {
    const d = tempDir();
    const m = join(d, 'm.json');
    expect((await runCli(['store', '--out', m, '--n', '8', '--seed', '1', '-q'])).code).toBe(0);
    const p = join(d, 'p.npy');
    writeFileSync(p, encodeNpy({ data: new Float64Array([1, -1, 1, -1]), shape: [1, 4], dtype: '<f8' }));
    const a = join(d, 'a.json');
    writeFileSync(a, '{"not": "read"}');
    const f = join(d, 'm.fasta');
    writeMsa(f);
    const s = join(d, 's.fasta');
    writeMsa(s);
    const cases: [string[], string, RegExp][] = [
      [['recall', '--model', m, '--json', m], m, /--json names the input file of --model/],
      [['audio', 'identify', '--model', a, '--csv', a], a, /--csv names the input file of --model/],
      [['potts', 'train', '--msa', f, '--out', f], f, /--out names the input file of --msa/],
      [
        ['store', '--patterns', p, '--out', join(d, 'o.json'), '--couplings-npy', p],
        p,
        /--couplings-npy names the input file of --patterns/,
      ],
      [
        ['potts', 'check', '--samples', s, '--msa', f, '--json', s],
        s,
        /--json names the input file of --samples/,
      ],
    ];
    for (const [args, input, message] of cases) {
      const before = readFileSync(input);
      const files = readdirSync(d).sort();
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(oneLine(r.stderr), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
      expect(readFileSync(input).equals(before), args.join(' ')).toBe(true);
      expect(readdirSync(d).sort()).toEqual(files);
    }
    rmSync(d, { recursive: true, force: true });
  });

  it('row 2: names derived from --npy PREFIX are checked against the other outputs', async () => {
    const d = tempDir();
    const f = join(d, 'm.fasta');
    writeMsa(f);
    const w = join(d, 'w');
    for (const [args, message] of [
      [
        ['--out', join(d, 'p.json'), '--npy', w, '--json', `${w}_h.npy`],
        /--npy \(its .*w_h\.npy\) and --json name the same file/,
      ],
      [['--out', `${w}_J.npy`, '--npy', w], /--npy \(its .*w_J\.npy\) and --out name the same file/],
    ] as const) {
      const r = await runCli(['potts', 'train', '--msa', f, ...args, '-q']);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)[0]).toMatch(message);
    }
    expect(readdirSync(d)).toEqual(['m.fasta']);
    rmSync(d, { recursive: true, force: true });
  });

  it('row 3: a derived --npy name that cannot be written is refused before any work, nothing left behind', async () => {
    const d = tempDir();
    const f = join(d, 'm.fasta');
    writeMsa(f);
    mkdirSync(join(d, 'w_J.npy'));
    const r = await runCli([
      'potts',
      'train',
      '--msa',
      f,
      '--out',
      join(d, 'p.json'),
      '--npy',
      join(d, 'w'),
      '-q',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(oneLine(r.stderr)[0]).toMatch(/--npy \(its .*w_J\.npy\) is a directory/);
    expect(readdirSync(d).sort()).toEqual(['m.fasta', 'w_J.npy']);
    rmSync(d, { recursive: true, force: true });
  });

  it('row 3: the writer restores earlier targets when a later rename fails (old content back, new files gone)', () => {
    const d = tempDir();
    const old = join(d, 'old.json');
    writeFileSync(old, 'before');
    const blocked = join(d, 'blocked.npy');
    // Pass the checks, then turn the last target into a non-empty directory: its rename must fail.
    const files = [
      { flag: '--out', path: old, content: 'after' },
      { flag: '--npy', path: join(d, 'new_h.npy'), content: 'h' },
      { flag: '--npy', path: blocked, content: 'J' },
    ];
    mkdirSync(blocked);
    writeFileSync(join(blocked, 'x'), '');
    expect(() => writeAllAtomic(files)).toThrow(/--npy: cannot write ".*blocked\.npy" \(E[A-Z]+\)/);
    expect(readFileSync(old, 'utf8')).toBe('before');
    expect(existsSync(join(d, 'new_h.npy'))).toBe(false);
    expect(readdirSync(d).sort()).toEqual(['blocked.npy', 'old.json']);
    rmSync(d, { recursive: true, force: true });
  });

  it('row 4: file names too long, paths through a file, and other file-system errors are one line, exit 2', async () => {
    const d = tempDir();
    const file = join(d, 'file.txt');
    writeFileSync(file, '');
    for (const [flag, path, message] of [
      ['--plot', join(d, `${'a'.repeat(300)}.svg`), /--plot: file name "a+…" is 304 bytes long; at most 255/],
      ['--json', join(d, `${'b'.repeat(250)}.json`), /^hopfield: --json: file name .* is 255 bytes|^$/],
      ['--csv', join(file, 'x.csv'), /--csv: directory ".*file.txt" does not exist/],
    ] as const) {
      const r = await runCli(['capacity', '--n', '20', '--alpha', '0.1', '--trials', '1', '-q', flag, path]);
      if (path.includes('bbbb')) {
        // 255 bytes is allowed: the run succeeds and writes it (the temporary's name stays short).
        expect(r.code, r.stderr).toBe(0);
        expect(existsSync(path)).toBe(true);
        continue;
      }
      expect(r.code, r.stderr).toBe(2);
      expect(oneLine(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    rmSync(d, { recursive: true, force: true });
  });

  it('row 5: PNG image data (IDAT) that is garbage or cut short is refused, as libpng does', async () => {
    const w = 8;
    const h = 8;
    const raw = new Uint8Array(h * (w + 1));
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = (x * 30) & 255;
    const good = png(w, h, deflateSync(raw));
    expect(decodePngGrey(good, 'good.png').width).toBe(8);
    const garbage = png(w, h, new TextEncoder().encode('garbage garbage garbage'));
    const cutStream = png(w, h, deflateSync(raw).subarray(0, 10));
    const shortRows = png(w, h, deflateSync(raw.subarray(0, 20)));
    expect(() => decodePngGrey(garbage, 'g.png')).toThrow(/g\.png: .*not a valid zlib stream/);
    expect(() => decodePngGrey(cutStream, 'c.png')).toThrow(/c\.png: .*not a valid zlib stream/);
    expect(() => decodePngGrey(shortRows, 's.png')).toThrow(
      /s\.png: .*holds 20 bytes; the 8×8 image needs 72/,
    );
    const d = tempDir();
    const dir = join(d, 'imgs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.png'), good);
    writeFileSync(join(dir, 'b.png'), garbage);
    for (const cmd of [['capacity'], ['store', '--out', join(d, 'm.json')]]) {
      const r = await runCli([...cmd, '--patterns', dir, '--alpha', '0.1', '-q']);
      expect(r.code, r.stderr).toBe(2);
      expect(oneLine(r.stderr)[0]).toMatch(/--patterns: b\.png: malformed or truncated PNG image/);
    }
    expect(readdirSync(d)).toEqual(['imgs']);
    rmSync(d, { recursive: true, force: true });
  });

  it('row 6: .npy headers that np.load refuses (NUL, control or non-ASCII bytes, other keys) are refused', () => {
    const good = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }";
    expect(decodeNpy(npy(good)).shape).toEqual([1]);
    for (const [header, message] of [
      [`${good}\0`, /control byte 0x00/],
      [good.replace('False,', 'False,\0'), /control byte 0x00/],
      [`${good}\u0001`, /control byte 0x01/],
      [`${good} \u00e9`, /non-ASCII byte 0xe9 .* version 1\.0 header/],
      [good.replace('}', "'x': 1}"), /NumPy wants exactly descr, fortran_order, shape/],
    ] as const)
      expect(() => decodeNpy(npy(header), 'h.npy'), JSON.stringify(header)).toThrow(message);
  });

  it('row 7: 12-bit PCM says how it is read; a data chunk before fmt is refused', () => {
    const samples = [0x1230, -0x1230, 0x7ff0, -0x8000];
    const twelve = wav(12, samples, false);
    const a = decodeWav(twelve, 'x.wav');
    expect(a.format).toBe('12');
    expect(a.note).toBe('12-bit PCM read from 16-bit containers (left-justified, scaled by 2^15)');
    expect(Array.from(a.samples)).toEqual(samples.map((v) => v / 32768));
    expect(decodeWav(wav(16, samples, false), 'y.wav').note).toBeUndefined();
    expect(() => decodeWav(wav(16, samples, true), 'z.wav')).toThrow(
      'z.wav: malformed WAV file (the data chunk comes before the fmt chunk)',
    );
  });
});

describe('hardening, second campaign: degenerate values, work and non-finite results', () => {
  it('degenerate tolerances and steps, and lists past 10,000 values, are refused with the reason', async () => {
    for (const [args, message] of [
      [
        ['dense', 'crossover', '--lambda-tolerance', '5e-324'],
        /--lambda-tolerance must be at least 1e-10 \(got "5e-324"\): narrower brackets cannot be resolved/,
      ],
      [['dense', 'basin', '--cos-tolerance', '1e-300'], /--cos-tolerance must be at least 1e-10/],
      [
        ['pl', 'basins', '--step', '5e-324'],
        /--step must be at least 0.0001 \(got "5e-324"\): the grid .* at most about 10,000/,
      ],
      [
        ['capacity', '--alpha', '0.001:9.99:9.99e-05'],
        /--alpha range 0.001:9.99:9.99e-05 has 99990 values; at most 10000 are allowed \(raise with --max-values, up to 100000\)/,
      ],
      [
        ['pl', 'retrieval-map', '--margins', '-5:10:0.00015'],
        /--margins range .* has 100001 values; at most 10000/,
      ],
      [
        ['audio', 'phase-diagram', '--temperature', '0:999990:10'],
        /--temperature range 0:999990:10 has 100000 values/,
      ],
      [['capacity', '--alpha', '0.001:1:1e-300'], /has about 1\.0e\+300 values/],
      [['dense', 'basin', '--n', '1'], /--n must be integers ≥ 2 \(a basin needs a start direction/],
      [['dense', 'basin-distance', '--n', '1,40'], /--n must be integers ≥ 2/],
      [['theory', 'marchenko-pastur', '--alpha', '5e-324'], /--alpha must be a number ≥ 1e-12/],
      [['capacity', '--max-values', '0'], /--max-values must be an integer ≥ 1 and ≤ 100000/],
      [['capacity', '--max-minutes', '0'], /--max-minutes must be a number > 0/],
    ] as const) {
      const t0 = performance.now();
      const r = await runCli([...args, '-q']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(oneLine(r.stderr), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(performance.now() - t0).toBeLessThan(20_000);
    }
    // --max-values raises the limit up to the spec's own maximum.
    const r = await runCli([
      'theory',
      'curie-weiss',
      '--temperature',
      '0:1.2:0.0001',
      '--max-values',
      '20000',
      '-q',
    ]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('--threads above the cores is clamped and said once on stderr', async () => {
    const { clampThreads } = await import('../../src/cli/generate.js');
    const { availableParallelism } = await import('node:os');
    const cores = availableParallelism();
    const errors: string[] = [];
    const spy = (await import('vitest')).vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((c: string | Uint8Array) => {
        errors.push(String(c));
        return true;
      });
    try {
      expect(clampThreads({ threads: 256, other: 1 })).toEqual({ threads: cores, other: 1 });
      expect(clampThreads({ threads: 1 })).toEqual({ threads: 1 });
      expect(clampThreads({ threads: 0 })).toEqual({ threads: 0 });
    } finally {
      spy.mockRestore();
    }
    expect(errors).toEqual([
      `hopfield: --threads 256 is more than the ${cores} core${cores === 1 ? '' : 's'} of this machine; using ${cores}\n`,
    ]);
  });

  it('--patterns with --size is checked against memory before any image is decoded', async () => {
    const d = tempDir();
    const dir = join(d, 'imgs');
    mkdirSync(dir);
    const raw = new Uint8Array(8 * 9);
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, `p${i}.png`), png(8, 8, deflateSync(raw)));
    for (const cmd of [['capacity'], ['crosstalk'], ['pl', 'train', '--out', join(d, 'x.json')]]) {
      const t0 = performance.now();
      const r = await runCli([...cmd, '--patterns', dir, '--size', '4096x4096', '--alpha', '1e-7', '-q']);
      expect(r.code, r.stderr).toBe(2);
      expect(oneLine(r.stderr)[0]).toMatch(
        /--patterns gives N = 16777216 neurons \(--size 4096x4096\): --max-memory is 4 GiB but .*--size.* raise --max-memory/,
      );
      expect(r.stdout).toBe(''); // refused before the seed line
      expect(performance.now() - t0).toBeLessThan(20_000);
    }
    rmSync(d, { recursive: true, force: true });
  });

  it('work is extrapolated from progress: said once past a minute, --max-minutes stops, ~10 % lines off a terminal', () => {
    let t = 0;
    const lines: string[] = [];
    const p = createProgress('job', true, { tty: false, now: () => t, write: (l) => lines.push(l) });
    for (let k = 1; k <= 100; k++) {
      t = k * 1000; // 1 s per unit: 100 s in all
      p.update(k, 100);
    }
    expect(lines[0]).toMatch(
      /^job: about 100 s on \d+ cores? \(extrapolated from the first 1 %; --max-minutes sets a limit\)\n$/,
    );
    const tenths = lines.slice(1);
    expect(tenths).toHaveLength(9);
    expect(tenths[0]).toBe('job: 10 % (10/100), about 90 s left\n');
    expect(tenths[8]).toBe('job: 90 % (90/100), about 10 s left\n');
    t = 0;
    const q = createProgress('job', false, {
      maxMinutes: 1,
      tty: false,
      now: () => t,
      write: (l) => lines.push(l),
    });
    t = 500;
    q.update(1, 100); // too early to extrapolate
    t = 3000; // 3 s per unit: 300 s > 60 s
    expect(() => q.update(1, 100)).toThrow(
      /--max-minutes is 1 but this run needs about 5 min on \d+ cores? \(extrapolated from its first 1 %\)/,
    );
    // A run's note (e.g. the refinement's current r) reaches the lines off a terminal.
    const noted: string[] = [];
    t = 0;
    const r = createProgress('job', true, { tty: false, now: () => t, write: (l) => noted.push(l) });
    for (let k = 1; k <= 20; k++) {
      t = k * 1000;
      r.update(k, 20, `r = ${(k / 20).toFixed(2)}`);
    }
    expect(noted).toContain('job: 10 % (2/20), about 18 s left; r = 0.10\n');
    expect(formatDuration(14 * 60)).toBe('14 min');
    expect(formatDuration(3 * 86400)).toBe('3.0 days');
  });

  it('result files hold no NaN or Infinity: diverged rows get a status, empty CSV cells and JSON null', async () => {
    const d = tempDir();
    const csv = join(d, 'r.csv');
    const json = join(d, 'r.json');
    const r = await runCli([
      'lagrangian',
      'simulate',
      '--lh',
      'exp:1000',
      '--steps',
      '20',
      '--seed',
      '1',
      '-q',
      '--csv',
      csv,
      '--json',
      json,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(csv, 'utf8');
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(text.split('\n')[0]).toMatch(/,status$/);
    expect(text).toMatch(/,diverged\n/);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(readFileSync(json, 'utf8')).not.toMatch(/NaN|Infinity/);
    expect(
      doc.rows.some(
        (x: { status?: string; energy: unknown }) => x.status === 'diverged' && x.energy === null,
      ),
    ).toBe(true);
    expect(statSync(csv).size).toBeGreaterThan(0);
    rmSync(d, { recursive: true, force: true });
  });
});

/** PNG bytes of a W×H 8-bit grey image whose IDAT chunk holds `idat` (CRCs valid). */
function png(w: number, h: number, idat: Uint8Array): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(
    Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]),
  );
}

/** CRC-32 (ISO 3309), as PNG chunks use it. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A version-1.0 .npy of one float64 zero whose header text is `header` (padded as NumPy pads it). */
function npy(header: string): Uint8Array {
  const body = Buffer.from(header, 'latin1');
  const pad = (64 - ((10 + body.length + 1) % 64)) % 64;
  const h = Buffer.concat([body, Buffer.alloc(pad, 0x20), Buffer.from('\n')]);
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 255, h.length >> 8]);
  return new Uint8Array(Buffer.concat([pre, h, Buffer.alloc(8)]));
}

/** A mono 8 kHz PCM WAV of `bits` bits in 16-bit containers; `dataFirst` puts the data chunk before fmt. */
function wav(bits: number, samples: readonly number[], dataFirst: boolean): Uint8Array {
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(1, 10);
  fmt.writeUInt32LE(8000, 12);
  fmt.writeUInt32LE(16000, 16);
  fmt.writeUInt16LE(2, 20);
  fmt.writeUInt16LE(bits, 22);
  const data = Buffer.alloc(8 + 2 * samples.length);
  data.write('data', 0, 'ascii');
  data.writeUInt32LE(2 * samples.length, 4);
  samples.forEach((v, i) => {
    data.writeInt16LE(v, 8 + 2 * i);
  });
  const chunks = dataFirst ? [data, fmt] : [fmt, data];
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(4 + fmt.length + data.length, 4);
  head.write('WAVE', 8, 'ascii');
  return new Uint8Array(Buffer.concat([head, ...chunks]));
}
