/**
 * The mel scale and the mel filter bank, with librosa's conventions (`librosa.filters.mel`, librosa ≥ 0.10).
 *
 * Scale: by default Slaney's (the Auditory Toolbox's): linear below 1 kHz, m = 3f/200, logarithmic above,
 * m = 15 + 27·ln(f/1000)/ln 6.4; with `htk: true` the HTK formula m = 2595·log10(1 + f/700).
 * Bank: `nMels` triangles whose corners are nMels + 2 points equally spaced in mel between fmin and fmax,
 * evaluated at the FFT bin frequencies k·sr/nFft (k = 0..nFft/2); with `norm: 'slaney'` (the default) each
 * triangle is scaled by 2/(f_{m+2} − f_m) so that it has constant area (energy per band independent of width).
 */

/** Options of the mel filter bank (librosa.filters.mel's defaults: Slaney scale, Slaney area normalization). */
export interface MelBankConfig {
  /** Sample rate in Hz of the signal analysed. */
  readonly sampleRate: number;
  /** FFT length (bins 0..nFft/2 are weighted). */
  readonly nFft: number;
  /** Number of mel bands, ≥ 1. */
  readonly nMels: number;
  /** Lowest corner frequency in Hz (default 0). */
  readonly fmin?: number;
  /** Highest corner frequency in Hz (default sampleRate/2). */
  readonly fmax?: number;
  /** HTK mel formula instead of Slaney's (default false). */
  readonly htk?: boolean;
  /** 'slaney': triangles of constant area; 'none': peak 1 (default 'slaney'). */
  readonly norm?: 'slaney' | 'none';
}

const F_SP = 200 / 3; // Hz per mel below 1 kHz (Slaney)
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP; // 15
const LOG_STEP = Math.log(6.4) / 27;

/** Frequency in Hz to mels: Slaney 3f/200 below 1 kHz and 15 + ln(f/1000)/(ln 6.4/27) above; HTK 2595 log10(1 + f/700). */
export function hzToMel(f: number, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + f / 700);
  return f >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(f / MIN_LOG_HZ) / LOG_STEP : f / F_SP;
}

/** Mels to frequency in Hz (the inverse of hzToMel). */
export function melToHz(m: number, htk = false): number {
  if (htk) return 700 * (10 ** (m / 2595) - 1);
  return m >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (m - MIN_LOG_MEL)) : F_SP * m;
}

/** Validate a mel bank config; RangeError naming the parameter, its range and the value. */
export function checkMelBank(c: MelBankConfig): void {
  if (!(Number.isFinite(c.sampleRate) && c.sampleRate > 0))
    throw new RangeError(`sampleRate must be a positive number of Hz (got ${c.sampleRate})`);
  if (!Number.isInteger(c.nFft) || c.nFft < 2)
    throw new RangeError(`nFft must be an integer ≥ 2 (got ${c.nFft})`);
  if (!Number.isInteger(c.nMels) || c.nMels < 1 || c.nMels > 1024)
    throw new RangeError(`nMels must be an integer in [1, 1024] (got ${c.nMels})`);
  const fmin = c.fmin ?? 0;
  const fmax = c.fmax ?? c.sampleRate / 2;
  if (!(fmin >= 0)) throw new RangeError(`fmin must be ≥ 0 Hz (got ${fmin})`);
  if (!(fmax > fmin && fmax <= c.sampleRate / 2))
    throw new RangeError(
      `fmax must be in (fmin, sampleRate/2] = (${fmin}, ${c.sampleRate / 2}] Hz (got ${fmax})`,
    );
}

/**
 * Mel filter bank W (nMels × (nFft/2 + 1), row-major): W[m][k] = max(0, min((f_k − f_m)/(f_{m+1} − f_m),
 * (f_{m+2} − f_k)/(f_{m+2} − f_{m+1}))), times 2/(f_{m+2} − f_m) with Slaney normalization (librosa.filters.mel).
 */
export function melFilterBank(c: MelBankConfig): Float64Array {
  checkMelBank(c);
  const htk = c.htk ?? false;
  const fmin = c.fmin ?? 0;
  const fmax = c.fmax ?? c.sampleRate / 2;
  const bins = Math.floor(c.nFft / 2) + 1;
  const m0 = hzToMel(fmin, htk);
  const m1 = hzToMel(fmax, htk);
  const corners = new Float64Array(c.nMels + 2);
  for (let i = 0; i < corners.length; i++) corners[i] = melToHz(m0 + ((m1 - m0) * i) / (c.nMels + 1), htk);
  const w = new Float64Array(c.nMels * bins);
  for (let m = 0; m < c.nMels; m++) {
    const lo = corners[m];
    const mid = corners[m + 1];
    const hi = corners[m + 2];
    const scale = (c.norm ?? 'slaney') === 'slaney' ? 2 / (hi - lo) : 1;
    for (let k = 0; k < bins; k++) {
      const f = (k * c.sampleRate) / c.nFft;
      const v = Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid));
      if (v > 0) w[m * bins + k] = v * scale;
    }
  }
  return w;
}

/** Mel energies E[t][m] = Σ_k W[m][k] P[t][k] of a frames × bins power spectrogram (row-major in and out). */
export function applyMelBank(
  power: Float64Array,
  frames: number,
  bank: Float64Array,
  nMels: number,
): Float64Array {
  const bins = bank.length / nMels;
  if (power.length !== frames * bins)
    throw new RangeError(`power must have frames·bins = ${frames * bins} entries (got ${power.length})`);
  const out = new Float64Array(frames * nMels);
  for (let t = 0; t < frames; t++) {
    for (let m = 0; m < nMels; m++) {
      let s = 0;
      const wo = m * bins;
      const po = t * bins;
      for (let k = 0; k < bins; k++) s += bank[wo + k] * power[po + k];
      out[t * nMels + m] = s;
    }
  }
  return out;
}
