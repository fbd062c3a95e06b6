/**
 * From a recording to a ±1 pattern (paper 004 section 5, Listing 1).
 *
 * The paper loads each file with `librosa.load` (mono, resampled to 22 050 Hz), takes
 * `librosa.stft(audio, n_fft=1024, hop_length=512)`, averages the complex STFT over frames to 513 coefficients
 * and binarizes with `stft_coeff > 0`. For a complex array NumPy compares lexicographically, real part first,
 * so we read the rule as: ξ_f = +1 if Re X̄_f > 0, else −1 (a coefficient with Re X̄_f = 0 exactly and a positive
 * imaginary part would count as +1 under NumPy's ordering; with real audio that never happens).
 *
 * STFT conventions (those of librosa ≥ 0.10): periodic Hann window w[n] = ½ − ½ cos(2πn/n_fft); frames
 * centered: the signal is padded with n_fft/2 zeros on each side, frame t covers padded samples
 * [t·hop, t·hop + n_fft), so there are 1 + ⌊L/hop⌋ frames for L samples; X_t[f] = Σ_n w[n] x_t[n] e^{−2πi fn/n_fft}.
 *
 * The real part of a mean complex spectrum depends on where the phase of each frame starts, so it cannot match a
 * new utterance of the same word. The phase-invariant option `logmag` uses the log-magnitude spectrum
 * v_f = ½ log(mean_t |X_t[f]|² + ε²) (log RMS magnitude over frames), with the recording's mean over f removed
 * (loudness) and, before the sign, the mean over the stored recordings removed (so each bit says "more energy
 * than the stored recordings have on average at this frequency").
 *
 * The feature for real speech, `logmel`, keeps the time course: log mel energies pooled over a fixed number of
 * time segments of the (silence-trimmed) recording, and their differences between consecutive segments, each
 * segment's row centred on its own median over bands before the sign (see logMelFeature).
 */
import FFT from 'fft.js';
import { applyMelBank, melFilterBank } from './mel.js';
import { checkSampleRate, type DecodedAudio } from './wav.js';

/** How spectra are computed (defaults: the paper's librosa settings). */
export interface SpectrumConfig {
  /** Analysis sample rate in Hz; recordings at other rates are resampled first (default 22 050, librosa's). */
  readonly sampleRate: number;
  /** FFT length n_fft, a power of two ≥ 4 (default 1024). */
  readonly nFft: number;
  /** Hop between frames in samples (default 512). */
  readonly hop: number;
}

/** The paper's settings: 22 050 Hz, n_fft = 1024, hop = 512 (paper 004 Listing 1). */
export const PAPER_SPECTRUM: SpectrumConfig = { sampleRate: 22050, nFft: 1024, hop: 512 };

/** Settings of the `logmel` feature (defaults: DEFAULT_LOGMEL). */
export interface LogMelOptions {
  /** Mel bands M (Slaney scale and normalization, librosa's defaults). */
  readonly nMels: number;
  /** Time segments S the trimmed recording is divided into. */
  readonly segments: number;
  /** Also encode the differences between consecutive segments (S − 1 more rows). */
  readonly deltas: boolean;
  /** Pre-emphasis coefficient a of y[t] = x[t] − a·x[t−1], in [0, 1) (0: none). */
  readonly preEmphasis: number;
  /** Frames more than this many dB below the loudest frame are trimmed from both ends (0: no trimming). */
  readonly trimDb: number;
}

/** Default logmel settings, one for every recording set: 40 bands, 8 segments with deltas, a = 0.97, 30 dB trim. */
export const DEFAULT_LOGMEL: LogMelOptions = {
  nMels: 40,
  segments: 8,
  deltas: true,
  preEmphasis: 0.97,
  trimDb: 30,
};

/** Spectrum settings of the logmel feature: 8 kHz, n_fft = 256 (32 ms), hop 80 (10 ms). */
export const LOGMEL_SPECTRUM: SpectrumConfig = { sampleRate: 8000, nFft: 256, hop: 80 };

/** Which real vector is binarized. */
export type AudioFeature =
  /** Re of the frame-averaged complex STFT (paper 004 Listing 1). */
  | { readonly kind: 'paper' }
  /** Log RMS-magnitude spectrum minus its mean over frequency (phase- and loudness-invariant). */
  | { readonly kind: 'logmag' }
  /** Segment-pooled log-mel energies and their temporal differences, centred per segment (for real speech). */
  | ({ readonly kind: 'logmel' } & LogMelOptions);

export type AudioFeatureKind = AudioFeature['kind'];

/** The feature kinds, in the order the command line lists them. */
export const AUDIO_FEATURE_KINDS: readonly AudioFeatureKind[] = ['paper', 'logmag', 'logmel'];

/** A feature of the given kind with default settings (logmel: DEFAULT_LOGMEL overridden by `logmel`). */
export function audioFeature(kind: AudioFeatureKind, logmel: Partial<LogMelOptions> = {}): AudioFeature {
  switch (kind) {
    case 'paper':
    case 'logmag':
      return { kind };
    case 'logmel': {
      const f = { kind, ...DEFAULT_LOGMEL, ...logmel } as const;
      checkAudioFeature(f);
      return f;
    }
    default: {
      const never: never = kind;
      throw new RangeError(
        `feature must be one of ${AUDIO_FEATURE_KINDS.join(', ')} (got ${JSON.stringify(never)})`,
      );
    }
  }
}

/** Default spectrum settings of a feature: the paper's (22 050 Hz, 1024, 512) or logmel's (8 kHz, 256, 80). */
export function defaultSpectrum(kind: AudioFeatureKind): SpectrumConfig {
  return kind === 'logmel' ? LOGMEL_SPECTRUM : PAPER_SPECTRUM;
}

/** Validate a feature (kind and logmel settings); RangeError/TypeError naming the setting, range and value. */
export function checkAudioFeature(f: AudioFeature): void {
  if (typeof f !== 'object' || f === null || !AUDIO_FEATURE_KINDS.includes(f.kind))
    throw new TypeError(
      `feature.kind must be one of ${AUDIO_FEATURE_KINDS.join(', ')} (got ${JSON.stringify(f)})`,
    );
  if (f.kind !== 'logmel') return;
  if (!Number.isInteger(f.nMels) || f.nMels < 2 || f.nMels > 256)
    throw new RangeError(`logmel nMels must be an integer in [2, 256] (got ${f.nMels})`);
  if (!Number.isInteger(f.segments) || f.segments < 1 || f.segments > 100)
    throw new RangeError(`logmel segments must be an integer in [1, 100] (got ${f.segments})`);
  if (typeof f.deltas !== 'boolean')
    throw new TypeError(`logmel deltas must be true or false (got ${f.deltas})`);
  if (!(f.preEmphasis >= 0 && f.preEmphasis < 1))
    throw new RangeError(`logmel preEmphasis must be in [0, 1) (got ${f.preEmphasis})`);
  if (!(f.trimDb >= 0 && f.trimDb <= 200))
    throw new RangeError(`logmel trimDb must be in [0, 200] dB (got ${f.trimDb})`);
}

/** Length N of a feature's pattern: n_fft/2 + 1 for paper and logmag, M·S (+ M·(S − 1) with deltas) for logmel. */
export function featureSize(f: AudioFeature, spectrum: SpectrumConfig): number {
  if (f.kind !== 'logmel') return spectrumSize(spectrum);
  return f.nMels * (f.segments + (f.deltas ? f.segments - 1 : 0));
}

/** Validate a spectrum config at the public edge. */
export function checkSpectrumConfig(c: SpectrumConfig): void {
  checkSampleRate(c.sampleRate, 'sampleRate');
  if (!Number.isInteger(c.nFft) || c.nFft < 4 || (c.nFft & (c.nFft - 1)) !== 0)
    throw new RangeError(`nFft must be a power of two ≥ 4 (got ${c.nFft})`);
  if (!Number.isInteger(c.hop) || c.hop < 1)
    throw new RangeError(`hop must be an integer ≥ 1 (got ${c.hop})`);
}

/** Number of coefficients per frame, n_fft/2 + 1 (513 for the paper). */
export function spectrumSize(c: SpectrumConfig): number {
  return c.nFft / 2 + 1;
}

/** Periodic Hann window w[n] = ½ − ½ cos(2πn/N), n = 0..N−1 (scipy `get_window('hann', N)`, as librosa uses). */
export function hannWindow(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/** Number of centered STFT frames for L samples: 1 + ⌊L/hop⌋. */
export function frameCount(length: number, hop: number): number {
  return 1 + Math.floor(length / hop);
}

/**
 * Short-time Fourier transform with centered, zero-padded frames: X_t[f] = Σ_n w[n] x̃[t·hop + n] e^{−2πi fn/N},
 * x̃ = x with N/2 zeros on each side. Returns re and im as frames × (N/2 + 1) row-major arrays.
 */
export function stft(
  x: ArrayLike<number>,
  nFft: number,
  hop: number,
): { frames: number; bins: number; re: Float64Array; im: Float64Array } {
  checkSpectrumConfig({ sampleRate: 8000, nFft, hop });
  const bins = nFft / 2 + 1;
  const frames = frameCount(x.length, hop);
  const re = new Float64Array(frames * bins);
  const im = new Float64Array(frames * bins);
  forEachFrame(x, nFft, hop, (t, spec) => {
    for (let f = 0; f < bins; f++) {
      re[t * bins + f] = spec[2 * f];
      im[t * bins + f] = spec[2 * f + 1];
    }
  });
  return { frames, bins, re, im };
}

/** Call `fn(t, spectrum)` for each centered frame; spectrum holds (re, im) pairs of bins 0..N/2 (reused). */
function forEachFrame(
  x: ArrayLike<number>,
  nFft: number,
  hop: number,
  fn: (t: number, spec: Float64Array) => void,
): void {
  const fft = new FFT(nFft);
  const w = hannWindow(nFft);
  const frame = new Float64Array(nFft);
  const spec = new Float64Array(2 * nFft);
  const half = nFft / 2;
  const frames = frameCount(x.length, hop);
  for (let t = 0; t < frames; t++) {
    const start = t * hop - half; // index in x of the frame's first sample
    for (let n = 0; n < nFft; n++) {
      const k = start + n;
      frame[n] = k >= 0 && k < x.length ? w[n] * x[k] : 0;
    }
    fft.realTransform(spec, frame);
    fn(t, spec);
  }
}

/** Frame-averaged complex spectrum X̄_f = (1/T) Σ_t X_t[f] (paper 004 Listing 1, `np.mean(stft, axis=1)`). */
export function meanSpectrum(
  x: ArrayLike<number>,
  nFft: number,
  hop: number,
): { re: Float64Array; im: Float64Array } {
  checkSpectrumConfig({ sampleRate: 8000, nFft, hop });
  const bins = nFft / 2 + 1;
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  forEachFrame(x, nFft, hop, (_t, spec) => {
    for (let f = 0; f < bins; f++) {
      re[f] += spec[2 * f];
      im[f] += spec[2 * f + 1];
    }
  });
  const inv = 1 / frameCount(x.length, hop);
  for (let f = 0; f < bins; f++) {
    re[f] *= inv;
    im[f] *= inv;
  }
  return { re, im };
}

/** Magnitude floor ε of the log spectrum: 10⁻⁵·N/4, −100 dB below the peak |X| of a full-scale sine. */
const LOG_FLOOR = 1e-5;

/**
 * Log-magnitude spectrum v_f = ½ log((1/T) Σ_t |X_t[f]|² + ε²) − (1/F) Σ_f' (same), the log of the RMS magnitude
 * over frames with its mean over frequency removed: invariant to the phase of the recording, and to its gain
 * where the spectrum is well above the floor ε.
 * (On the bundled sets it identifies new utterances better than the mean over frames of log |X_t[f]|.)
 */
export function logMagnitudeSpectrum(x: ArrayLike<number>, nFft: number, hop: number): Float64Array {
  checkSpectrumConfig({ sampleRate: 8000, nFft, hop });
  const bins = nFft / 2 + 1;
  const v = new Float64Array(bins);
  const eps = (LOG_FLOOR * nFft) / 4;
  forEachFrame(x, nFft, hop, (_t, spec) => {
    for (let f = 0; f < bins; f++) v[f] += spec[2 * f] * spec[2 * f] + spec[2 * f + 1] * spec[2 * f + 1];
  });
  const inv = 1 / frameCount(x.length, hop);
  let mean = 0;
  for (let f = 0; f < bins; f++) {
    v[f] = 0.5 * Math.log(v[f] * inv + eps * eps);
    mean += v[f];
  }
  mean /= bins;
  for (let f = 0; f < bins; f++) v[f] -= mean;
  return v;
}

/** Power spectrogram P[t][k] = |X_t[k]|² of the centred Hann STFT (frames × (n_fft/2 + 1), row-major). */
export function powerSpectrogram(
  x: ArrayLike<number>,
  nFft: number,
  hop: number,
): { frames: number; bins: number; power: Float64Array } {
  checkSpectrumConfig({ sampleRate: 8000, nFft, hop });
  const bins = nFft / 2 + 1;
  const frames = frameCount(x.length, hop);
  const power = new Float64Array(frames * bins);
  forEachFrame(x, nFft, hop, (t, spec) => {
    for (let f = 0; f < bins; f++)
      power[t * bins + f] = spec[2 * f] * spec[2 * f] + spec[2 * f + 1] * spec[2 * f + 1];
  });
  return { frames, bins, power };
}

/** Pre-emphasis y[0] = x[0], y[t] = x[t] − a·x[t−1] (a = 0: a copy). */
export function preEmphasize(x: ArrayLike<number>, a: number): Float64Array {
  const y = Float64Array.from(x);
  if (a !== 0) for (let t = x.length - 1; t > 0; t--) y[t] = x[t] - a * x[t - 1];
  return y;
}

/**
 * Frames kept by silence trimming: [first, last] frames whose power Σ_k P[t][k] is at least 10^(−dB/10) times
 * the loudest frame's (dB = 0: all frames). Throws RangeError for a silent signal (every frame of zero power).
 */
export function trimmedFrames(
  power: Float64Array,
  frames: number,
  bins: number,
  db: number,
): [number, number] {
  const e = new Float64Array(frames);
  let max = 0;
  for (let t = 0; t < frames; t++) {
    let s = 0;
    for (let k = 0; k < bins; k++) s += power[t * bins + k];
    e[t] = s;
    if (s > max) max = s;
  }
  if (!(max > 0)) throw new RangeError('the recording is silent (no frame has any energy)');
  if (db === 0) return [0, frames - 1];
  const floor = max * 10 ** (-db / 10);
  let first = 0;
  while (e[first] < floor) first++;
  let last = frames - 1;
  while (e[last] < floor) last--;
  return [first, last];
}

/** Median of a[o .. o + n) (mean of the two middle values for even n). */
function median(a: Float64Array, o: number, n: number): number {
  const s = a.slice(o, o + n).sort();
  return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

/** Relative floor of the log mel energies: ln(E + 10⁻¹⁰·max E), 100 dB below the loudest band. */
const MEL_FLOOR = 1e-10;

/**
 * Segment-pooled log mel energies (S × M, row-major): the recording pre-emphasized, trimmed (trimmedFrames),
 * L[t][m] = ln(E[t][m] + 10⁻¹⁰ max E) with E the Slaney mel energies of the power spectrogram, then
 * G[s][m] = mean of L[t][m] over the frames t ∈ [⌊sT/S⌋, max(⌊sT/S⌋ + 1, ⌈(s + 1)T/S⌉)) of the T kept frames.
 */
export function logMelSegments(
  x: ArrayLike<number>,
  spectrum: SpectrumConfig,
  opts: LogMelOptions,
): Float64Array {
  checkSpectrumConfig(spectrum);
  const { nMels: m, segments: nSeg } = opts;
  const y = preEmphasize(x, opts.preEmphasis);
  const { frames, bins, power } = powerSpectrogram(y, spectrum.nFft, spectrum.hop);
  const [first, last] = trimmedFrames(power, frames, bins, opts.trimDb);
  const t = last - first + 1;
  const bank = melFilterBank({ sampleRate: spectrum.sampleRate, nFft: spectrum.nFft, nMels: m });
  const mel = applyMelBank(power.subarray(first * bins, (last + 1) * bins), t, bank, m);
  let max = 0;
  for (let i = 0; i < mel.length; i++) if (mel[i] > max) max = mel[i];
  if (!(max > 0)) throw new RangeError('the recording is silent in every mel band');
  const floor = MEL_FLOOR * max;
  const g = new Float64Array(nSeg * m);
  for (let s = 0; s < nSeg; s++) {
    const a = Math.floor((s * t) / nSeg);
    const b = Math.max(a + 1, Math.ceil(((s + 1) * t) / nSeg));
    for (let f = a; f < b; f++) for (let k = 0; k < m; k++) g[s * m + k] += Math.log(mel[f * m + k] + floor);
    for (let k = 0; k < m; k++) g[s * m + k] /= b - a;
  }
  return g;
}

/**
 * The logmel feature vector: rows G[s] − median_m G[s][m] (s = 0..S−1), then, with deltas, rows
 * D[s] − median_m D[s][m] with D[s] = G[s+1] − G[s] (s = 0..S−2). Each row is centred on its own median, so its
 * sign has as many +1 as −1 and depends on neither loudness nor recording level.
 */
export function logMelFeature(
  x: ArrayLike<number>,
  spectrum: SpectrumConfig,
  opts: LogMelOptions,
): Float64Array {
  const g = logMelSegments(x, spectrum, opts);
  const { nMels: m, segments: nSeg } = opts;
  const rows = nSeg + (opts.deltas ? nSeg - 1 : 0);
  const v = new Float64Array(rows * m);
  v.set(g);
  if (opts.deltas) {
    for (let s = 0; s + 1 < nSeg; s++) {
      for (let k = 0; k < m; k++) v[(nSeg + s) * m + k] = g[(s + 1) * m + k] - g[s * m + k];
    }
  }
  for (let r = 0; r < rows; r++) {
    const c = median(v, r * m, m);
    for (let k = 0; k < m; k++) v[r * m + k] -= c;
  }
  return v;
}

/** Zero crossings of the sinc kernel on each side of an output sample. */
const SINC_ZEROS = 24;

/** Largest number of filter phases precomputed for a rational rate ratio L/M. */
const MAX_PHASES = 4096;

/** Kernel value at offset d (input samples): c·sinc(c·d)·Blackman(d/W), zero outside |d| < W. */
function sincTap(d: number, c: number, half: number): number {
  if (Math.abs(d) >= half) return 0;
  const u = d / half;
  const win = 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
  if (d === 0) return c * win;
  const a = Math.PI * c * d;
  return (c * Math.sin(a) * win) / a;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Band-limited resampling by a Blackman-windowed sinc: y[j] = Σ_k x[k] c·sinc(c(t_j − k)) w((t_j − k)/W),
 * t_j = j·r_in/r_out, c = min(1, r_out/r_in) (anti-aliasing cutoff), W = 24/c; ⌈L·r_out/r_in⌉ output samples
 * (librosa's length convention). Integer rates with a ratio L/M in lowest terms, L ≤ 4096, use L precomputed
 * filter phases (the same sums, fewer sines); other rates evaluate the kernel directly.
 */
export function resample(x: ArrayLike<number>, fromRate: number, toRate: number): Float64Array {
  if (!(fromRate > 0) || !Number.isFinite(fromRate))
    throw new RangeError(`fromRate must be a positive number (got ${fromRate})`);
  if (!(toRate > 0) || !Number.isFinite(toRate))
    throw new RangeError(`toRate must be a positive number (got ${toRate})`);
  if (fromRate === toRate) return Float64Array.from(x);
  if (Number.isInteger(fromRate) && Number.isInteger(toRate)) {
    const g = gcd(fromRate, toRate);
    if (toRate / g <= MAX_PHASES) return resamplePolyphase(x, fromRate / g, toRate / g);
  }
  return resampleDirect(x, fromRate, toRate);
}

/** The resampling sum with the kernel evaluated at every tap (reference for the polyphase path). */
export function resampleDirect(x: ArrayLike<number>, fromRate: number, toRate: number): Float64Array {
  const ratio = toRate / fromRate;
  const len = Math.ceil(x.length * ratio - 1e-9);
  const out = new Float64Array(len);
  const c = Math.min(1, ratio);
  const half = SINC_ZEROS / c; // kernel half-width in input samples
  const step = fromRate / toRate;
  for (let j = 0; j < len; j++) {
    const t = j * step;
    const k0 = Math.max(0, Math.ceil(t - half));
    const k1 = Math.min(x.length - 1, Math.floor(t + half));
    let s = 0;
    for (let k = k0; k <= k1; k++) s += x[k] * sincTap(t - k, c, half);
    out[j] = s;
  }
  return out;
}

/** Output j sits at input position t = j·M/L = base + phase/L; the taps of each phase are precomputed. */
function resamplePolyphase(x: ArrayLike<number>, m: number, l: number): Float64Array {
  const ratio = l / m;
  const len = Math.ceil(x.length * ratio - 1e-9);
  const out = new Float64Array(len);
  const c = Math.min(1, ratio);
  const half = SINC_ZEROS / c;
  const k = Math.ceil(half); // taps k = base − k + 1 .. base + k
  const taps = 2 * k;
  const table = new Float64Array(l * taps);
  for (let phase = 0; phase < l; phase++) {
    for (let q = 0; q < taps; q++) table[phase * taps + q] = sincTap(k - 1 - q + phase / l, c, half);
  }
  const nx = x.length;
  for (let j = 0; j < len; j++) {
    const base = Math.floor((j * m) / l);
    const phase = (j * m) % l;
    const first = base - k + 1;
    const o = phase * taps;
    let s = 0;
    const q0 = Math.max(0, -first);
    const q1 = Math.min(taps, nx - first);
    for (let q = q0; q < q1; q++) s += x[first + q] * table[o + q];
    out[j] = s;
  }
  return out;
}

/** The recording at the analysis rate (resampled when the file's rate differs). */
export function analysisSignal(audio: DecodedAudio, spectrum: SpectrumConfig = PAPER_SPECTRUM): Float64Array {
  return audio.sampleRate === spectrum.sampleRate
    ? audio.samples
    : resample(audio.samples, audio.sampleRate, spectrum.sampleRate);
}

/**
 * The real feature vector of a recording (length featureSize): Re X̄_f for 'paper', the mean log-magnitude
 * spectrum for 'logmag', the segment-pooled log-mel rows for 'logmel'.
 */
export function audioFeatureVector(
  audio: DecodedAudio,
  feature: AudioFeature,
  spectrum: SpectrumConfig = PAPER_SPECTRUM,
): Float64Array {
  checkSpectrumConfig(spectrum);
  checkAudioFeature(feature);
  const x = analysisSignal(audio, spectrum);
  switch (feature.kind) {
    case 'paper':
      return meanSpectrum(x, spectrum.nFft, spectrum.hop).re;
    case 'logmag':
      return logMagnitudeSpectrum(x, spectrum.nFft, spectrum.hop);
    case 'logmel':
      return logMelFeature(x, spectrum, feature);
    default: {
      const never: never = feature;
      throw new TypeError(`unknown audio feature ${JSON.stringify(never)}`);
    }
  }
}

/** ξ_f = +1 if v_f − c_f > 0 else −1 (paper 004 Listing 1 `2·(stft_coeff > 0) − 1`, with c = 0 there). */
export function binarize(values: ArrayLike<number>, center?: ArrayLike<number>): Float64Array {
  if (center && center.length !== values.length)
    throw new RangeError(`center must have length ${values.length} (got ${center.length})`);
  const out = new Float64Array(values.length);
  for (let f = 0; f < values.length; f++) out[f] = values[f] - (center ? center[f] : 0) > 0 ? 1 : -1;
  return out;
}

/** Per-bin mean c_f = (1/P) Σ_μ v^μ_f of feature vectors (the centre used by the 'logmag' binarization). */
export function featureCenter(vectors: readonly ArrayLike<number>[]): Float64Array {
  if (vectors.length === 0) throw new RangeError('featureCenter needs at least one vector (got 0)');
  const n = vectors[0].length;
  const c = new Float64Array(n);
  for (const v of vectors) {
    if (v.length !== n) throw new RangeError(`feature vectors must all have length ${n} (got ${v.length})`);
    for (let f = 0; f < n; f++) c[f] += v[f];
  }
  for (let f = 0; f < n; f++) c[f] /= vectors.length;
  return c;
}
