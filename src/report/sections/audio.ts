/**
 * Report section: audio retrieval of spoken numbers (paper 004 section 5), declared from the `audio` registry
 * entries: the (α, T) phase diagram of the bundled recordings for each coupling rule, the pattern overlap matrix,
 * retrieval examples, the identification of new utterances with the phase-invariant feature, and real speech.
 */
import type { SectionDecl } from '../types.js';

const range = (a: number, b: number, step: number) =>
  Array.from({ length: Math.floor((b - a) / step + 1e-9) + 1 }, (_, k) => Number((a + k * step).toFixed(10)));

const pct = (x: unknown) => (100 * Number(x)).toFixed(1);

export const audioSection: SectionDecl = {
  id: 'audio',
  title: 'Audio retrieval of spoken numbers',
  intro:
    'The 81 bundled recordings of "zero" … "eighty" (espeak-ng, data/audio/numbers) become 513-bit patterns: ' +
    'STFT with n_fft = 1024, hop = 512 at 22 050 Hz, mean over frames, sign of the real part (paper 004 ' +
    'section 5). They are far from orthogonal. A stored recording with 20% of its bits flipped is retrieved by ' +
    'Metropolis dynamics; new utterances (other voices, pitches, speeds: data/audio/utterances) are identified ' +
    'with the phase-invariant log-magnitude feature. Real speech (spoken digits of one speaker, data/fsdd) is ' +
    'identified with the logmel feature, which keeps the time course of the recording.',
  figures: [
    {
      id: 'audio-phase-diagram',
      experiment: 'audio.phase-diagram',
      title: 'Phase diagram of the spoken numbers (Metropolis, r = 0.2)',
      params: {
        rule: ['hebb', 'storkey', 'pinv'],
        patterns: range(2, 81, 2),
        temperature: [0.01, ...range(0.1, 2, 0.1)],
        flip: 0.2,
        dynamics: 'metropolis',
        sweeps: 50,
        trials: 1,
      },
      quick: { patterns: range(2, 80, 8), temperature: [0.01, ...range(0.25, 2, 0.25)], sweeps: 20 },
      caption:
        'Final |m| with a stored recording after Metropolis sweeps from a copy with 20% of its bits flipped, as ' +
        'the recordings are added one at a time in a random order (load α = P/513) and the temperature grows ' +
        '(paper 004 Listing 3; one random order, as in the paper). Hebb retrieves only a few of these correlated ' +
        'patterns, and at higher load settles in mixtures with a sizeable |m| at every temperature; Storkey holds ' +
        'more; the pseudo-inverse rule retrieves all 81 at low T. The dashed lines are the replica-symmetric lines ' +
        'of the Hebbian network on random patterns (paper 004 section 4), drawn for reference only.',
    },
    {
      id: 'audio-overlap-matrix',
      experiment: 'audio.overlaps',
      title: 'Pattern overlap matrix',
      params: { feature: 'paper' },
      captionOf: ({ extra: [e] }) =>
        `Overlaps q_μν = ξ^μ·ξ^ν/N of the 81 stored patterns (paper feature). Mean |q| off the diagonal ` +
        `${Number(e.meanAbsOffDiagonal).toFixed(3)} (random patterns: √(2/(πN)) = ` +
        `${Number(e.randomMeanAbs).toFixed(3)}); ` +
        `two patterns agree on ${pct(e.meanAgreement)}% of their bits on average. The patterns are ` +
        'not orthogonal, which is why the Hebbian network holds only a few of them.',
    },
    {
      id: 'audio-retrieval-examples',
      experiment: 'audio.traces',
      title: 'Retrieval examples',
      params: { labels: '7,21,22,65', flip: 0.2, dynamics: 'metropolis', temperature: 0.01, sweeps: 50 },
      quick: { sweeps: 20 },
      series: { param: 'rule', values: ['hebb', 'pinv'] },
      caption:
        'Overlap with the target recording during Metropolis dynamics at T = 0.01 from a copy with 20% of the bits ' +
        'flipped (m = 0.6 at the start), all 81 recordings stored. Pseudo-inverse couplings retrieve (m → 1); ' +
        'Hebbian couplings drift to a mixture of the correlated patterns.',
    },
    {
      id: 'audio-identify-utterances',
      experiment: 'audio.generalize',
      title: 'Identifying new utterances (log-magnitude feature)',
      params: { feature: 'logmag', rule: 'pinv', dynamics: 'sequential', sweeps: 50 },
      captionOf: ({ extra: [e] }) =>
        `One stored recording per number (logmag feature, pseudo-inverse couplings); each of the ${e.queries} new ` +
        `utterances (other voices, pitches, speeds) is run to a fixed point by zero-temperature sequential dynamics ` +
        `and identified by the largest final overlap. Accuracy ${pct(e.accuracy)}% against a chance ` +
        `level of ${pct(e.chance)}%.`,
    },
    {
      id: 'audio-real-speech',
      experiment: 'audio.protocol',
      title: 'Real speech: spoken digits of one speaker (logmel feature)',
      params: {
        mode: 'same',
        feature: 'logmel',
        rule: 'pinv',
        dynamics: 'sequential',
        sweeps: 50,
        queries: 7,
        trials: 10,
      },
      quick: { trials: 2 },
      // k = 1 and k = 5 stored recordings per digit, 7 queried (12 recordings per digit); the confusion matrix
      // shown is the run's own figure, that of the first series value (k = 1).
      series: { param: 'stored', values: [1, 5] },
      captionOf: ({ extra: [k1, k5] }, c) =>
        `Recordings of the digits 0–9 by one speaker of the Free Spoken Digit Dataset (data/fsdd, 12 per digit, ` +
        `CC BY-SA 4.0). Each recording becomes N = 600 bits: log-mel energies (40 Slaney bands, 8 kHz) pooled over ` +
        `8 segments of the silence-trimmed recording, and their differences between segments, each segment's row ` +
        `centred on its median before the sign. k recordings per digit are stored with pseudo-inverse couplings; ` +
        `${c.queries} other recordings per digit are run to a fixed point by zero-temperature sequential dynamics and ` +
        `identified by the label of the stored pattern reached. Over ${c.trials} random draws: k = 1 accuracy ` +
        `${pct(k1.accuracy)}%, k = 5 ${pct(k5.accuracy)}% (chance 10%). The confusion matrix is that of k = 1. On ` +
        'the three speakers of the full set (20 queries per digit) the same setting gives about 0.8 with one and ' +
        '0.92 with five stored recordings per digit, and about 0.5 when the stored recordings come from other ' +
        'speakers (docs/audio.md).',
    },
  ],
};
