import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClassical, saveClassical, trainClassical } from '../../src/core/models/classical.js';
import { createRng } from '../../src/core/rng/index.js';
import { resample } from '../../src/data/audioFeatures.js';
import { decodeWav, encodeWav } from '../../src/data/wav.js';
import {
  audioPhaseDiagram,
  buildAudioMemory,
  confusionCounts,
  encodeRecordings,
  identifyExperiment,
  loadAudioMemory,
  naturalCompare,
  patternOverlapMatrix,
  type Recording,
  recordingLabel,
  retrievalTraces,
  saveAudioMemory,
} from '../../src/experiments/audio/run.js';
import { bundledAudioDir, listWavFiles, packageRoot, readRecordings } from '../../src/node/audioFiles.js';

const numbers = readRecordings(bundledAudioDir('numbers'));
const utterances = readRecordings(bundledAudioDir('utterances'));
const paper = encodeRecordings(numbers, { kind: 'paper' });

describe('labels and file order', () => {
  it('label = file name up to the first underscore or dot', () => {
    expect(recordingLabel('7_alice_3.wav')).toBe('7');
    expect(recordingLabel('7.wav')).toBe('7');
    expect(recordingLabel('/some/dir/65.WAV')).toBe('65');
    expect(recordingLabel('seven.take2.wav')).toBe('seven');
    expect(['10.wav', '2.wav', '1.wav'].sort(naturalCompare)).toEqual(['1.wav', '2.wav', '10.wav']);
  });
});

describe('bundled recordings (data/audio)', () => {
  it('are found from the source tree by walking up to package.json', () => {
    expect(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).name).toBe('hopfield');
    expect(listWavFiles(bundledAudioDir('numbers')).length).toBe(81);
  });

  it('hold 81 recordings of 0–80 in each set, mono 16-bit 22 050 Hz, about a second each', () => {
    for (const set of [numbers, utterances]) {
      expect(set.length).toBe(81);
      expect(set.map((r) => r.label)).toEqual(Array.from({ length: 81 }, (_, k) => String(k)));
      for (const r of set) {
        expect(r.audio.sampleRate).toBe(22050);
        expect(r.audio.channels).toBe(1);
        expect(r.audio.format).toBe('16');
        expect(r.audio.duration).toBeGreaterThan(0.2);
        expect(r.audio.duration).toBeLessThan(1.5);
      }
    }
    expect(new Set(utterances.map((r) => r.name.split('_')[1])).size).toBeGreaterThan(5);
  });

  it('give 513-bit patterns that are far from orthogonal (paper 004 section 5)', () => {
    expect(paper.patterns.n).toBe(513);
    const om = patternOverlapMatrix(paper.patterns);
    expect(om.rows.length).toBe(81 * 81);
    // Random patterns would give mean |q| ≈ √(2/(πN)) ≈ 0.035.
    expect(om.meanAbsOffDiagonal).toBeGreaterThan(0.07);
  });
});

describe('retrieval of the 81 stored recordings from 20% flipped bits, T = 0.01 (issue acceptance)', () => {
  const cfg = { flip: 0.2, dynamics: 'metropolis' as const, temperature: 0.01, sweeps: 50 };

  it('pseudo-inverse couplings identify all 81, each with final overlap > 0.9', () => {
    const mem = buildAudioMemory(numbers, { feature: { kind: 'paper' }, rule: { kind: 'pinv' } });
    const res = identifyExperiment(mem, numbers, cfg, createRng(1));
    expect(res.accuracy).toBe(1);
    for (const r of res.rows) expect(r.overlap).toBeGreaterThan(0.9);
    expect(res.retrievalFraction).toBe(1);
  });

  it('Hebbian couplings fail at α = 81/513 on these correlated patterns', () => {
    const mem = buildAudioMemory(numbers, { feature: { kind: 'paper' }, rule: { kind: 'hebb' } });
    const res = identifyExperiment(mem, numbers, cfg, createRng(1));
    expect(res.accuracy).toBeLessThan(0.3);
    expect(res.retrievalFraction).toBeLessThan(0.1);
  });

  it('Hebbian couplings do hold a few of them (P = 5)', () => {
    const five = numbers.slice(0, 5);
    const mem = buildAudioMemory(five, { feature: { kind: 'paper' }, rule: { kind: 'hebb' } });
    const res = identifyExperiment(mem, five, cfg, createRng(2));
    expect(res.accuracy).toBe(1);
  });
});

describe('new utterances with the log-magnitude feature (issue acceptance)', () => {
  it('one stored utterance per number identifies the second set well above chance (1/81)', () => {
    const mem = buildAudioMemory(numbers, { feature: { kind: 'logmag' }, rule: { kind: 'pinv' } });
    const nearest = identifyExperiment(mem, utterances, { dynamics: 'sequential', sweeps: 0 }, createRng(1));
    const retrieved = identifyExperiment(
      mem,
      utterances,
      { dynamics: 'sequential', sweeps: 50 },
      createRng(1),
    );
    expect(nearest.accuracy).toBeGreaterThan(0.3); // measured 0.48
    expect(retrieved.accuracy).toBeGreaterThan(0.25); // measured 0.40
    // The paper feature depends on the phase of the recording and does not generalize.
    const p = buildAudioMemory(numbers, { feature: { kind: 'paper' }, rule: { kind: 'pinv' } });
    const pr = identifyExperiment(p, utterances, { dynamics: 'sequential', sweeps: 0 }, createRng(1));
    expect(pr.accuracy).toBeLessThan(nearest.accuracy / 2);
    const counts = confusionCounts(nearest.rows);
    expect(counts.reduce((s, c) => s + c.count, 0)).toBe(81);
  });
});

describe('other sample rates and stereo, end to end', () => {
  /** The bundled numbers re-encoded at another rate (and as stereo 24-bit) through real WAV bytes. */
  const convert = (rate: number, stereo: boolean): Recording[] =>
    numbers.slice(0, 20).map((r) => {
      const y = resample(r.audio.samples, r.audio.sampleRate, rate);
      const bytes = encodeWav(stereo ? [y, y.map((v) => 0.8 * v)] : [y], rate, stereo ? '24' : '16');
      return { ...r, audio: decodeWav(bytes, r.name) };
    });

  it('8 kHz mono and 44.1 kHz stereo copies are identified by a network stored from the originals', () => {
    const mem = buildAudioMemory(numbers.slice(0, 20), {
      feature: { kind: 'paper' },
      rule: { kind: 'pinv' },
    });
    for (const [rate, stereo] of [
      [8000, false],
      [44100, true],
    ] as const) {
      const q = convert(rate, stereo);
      expect(q[0].audio.sampleRate).toBe(rate);
      const res = identifyExperiment(mem, q, { dynamics: 'sequential', sweeps: 50 }, createRng(3));
      expect(res.accuracy).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('a network stored from 8 kHz recordings retrieves them from 20% flipped bits', () => {
    const q = convert(8000, false);
    const mem = buildAudioMemory(q, { feature: { kind: 'paper' }, rule: { kind: 'pinv' } });
    const res = identifyExperiment(
      mem,
      q,
      { flip: 0.2, dynamics: 'metropolis', temperature: 0.01, sweeps: 30 },
      createRng(4),
    );
    expect(res.accuracy).toBe(1);
  });
});

describe('phase diagram (paper 004 Listing 3)', () => {
  it('retrieval at low load and temperature, lost as either grows', () => {
    const rows = audioPhaseDiagram(
      paper.patterns,
      {
        rule: ['hebb', 'pinv'],
        patterns: [3, 81],
        temperature: [0.01, 2],
        flip: 0.2,
        dynamics: 'metropolis',
        sweeps: 20,
        trials: 2,
      },
      createRng(5),
    );
    const m = (rule: string, p: number, t: number) =>
      rows.find((r) => r.rule === rule && r.p === p && r.temperature === t)?.meanOverlap ?? Number.NaN;
    expect(rows.length).toBe(8);
    expect(m('hebb', 3, 0.01)).toBeGreaterThan(0.9);
    expect(m('pinv', 3, 0.01)).toBeGreaterThan(0.9);
    expect(m('pinv', 81, 0.01)).toBeGreaterThan(0.9);
    expect(m('hebb', 81, 0.01)).toBeLessThan(0.9);
    expect(m('pinv', 3, 2)).toBeLessThan(0.6);
    expect(m('pinv', 81, 2)).toBeLessThan(0.6);
    expect(rows.find((r) => r.p === 81)?.alpha).toBeCloseTo(81 / 513, 12);
  });

  it('validates loads and trials', () => {
    const cfg = {
      rule: ['hebb' as const],
      patterns: [82],
      temperature: [0.1],
      flip: 0.2,
      dynamics: 'metropolis' as const,
      sweeps: 1,
      trials: 1,
    };
    expect(() => audioPhaseDiagram(paper.patterns, cfg, createRng(1))).toThrow(
      /load P must be an integer in \[1, 81\]/,
    );
    expect(() =>
      audioPhaseDiagram(paper.patterns, { ...cfg, patterns: [2], trials: 0 }, createRng(1)),
    ).toThrow(/trials/);
  });
});

describe('retrieval traces and saved memories', () => {
  it('traces start at m = 1 − 2r and reach 1 with pseudo-inverse couplings', () => {
    const mem = buildAudioMemory(numbers, { feature: { kind: 'paper' }, rule: { kind: 'pinv' } });
    const rows = retrievalTraces(
      mem,
      [65],
      { flip: 0.2, dynamics: 'metropolis', temperature: 0.01, sweeps: 10 },
      createRng(6),
    );
    expect(rows.length).toBe(11);
    expect(rows[0].overlap).toBeCloseTo(1 - (2 * Math.round(0.2 * 513)) / 513, 12);
    expect(rows[10].overlap).toBe(1);
    expect(rows[0].label).toBe('65');
  });

  it('save → load keeps network, patterns, labels and encoding; a plain classical model is refused', () => {
    const small = numbers.slice(0, 6);
    const mem = buildAudioMemory(small, { feature: { kind: 'logmag' }, rule: { kind: 'storkey' } });
    const back = loadAudioMemory(JSON.parse(JSON.stringify(saveAudioMemory(mem))));
    expect(Array.from(back.network?.couplings ?? [])).toEqual(Array.from(mem.network?.couplings ?? [1]));
    expect(Array.from(back.patterns.data)).toEqual(Array.from(mem.patterns.data));
    expect(back.labels).toEqual(mem.labels);
    expect(back.names).toEqual(mem.names);
    expect(back.encoding.feature).toEqual({ kind: 'logmag' });
    expect(Array.from(back.encoding.center ?? [])).toEqual(Array.from(mem.encoding.center ?? []));
    const plain = saveClassical(trainClassical(mem.patterns, { kind: 'hebb' }), { patterns: mem.patterns });
    expect(() => loadAudioMemory(plain)).toThrow(/not an audio memory/);
    const broken = {
      ...saveAudioMemory(mem),
      meta: { ...(saveAudioMemory(mem).meta as object), names: ['x'] },
    };
    expect(() => loadAudioMemory(broken)).toThrow(/meta\.names must list 6 file names/);
    expect(loadClassical(saveAudioMemory(mem)).labels).toEqual(mem.labels);
  });
});
