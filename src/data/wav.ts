/**
 * WAV decoding for the audio experiments (paper 004 section 5). The RIFF chunks are parsed by the `wavefile`
 * library; this module checks what it finds, scales the samples to [−1, 1] the way libsndfile (and so
 * `librosa.load`) does, and mixes the channels down to mono by averaging them.
 *
 * Supported: integer PCM of 8 bits (unsigned, offset 128) and 9–32 bits (signed), IEEE float of 32 and 64 bits
 * (plain or WAVE_FORMAT_EXTENSIBLE), A-law and μ-law, any number of channels, sample rates from 1 kHz to 384 kHz
 * (MIN_SAMPLE_RATE..MAX_SAMPLE_RATE; others are refused naming the file and the rate). The decoder takes bytes,
 * not paths, so it runs in the browser too.
 */
import wavefile from 'wavefile';

/** A decoded recording: mono samples in [−1, 1] at the file's own sample rate. */
export interface DecodedAudio {
  /** Samples per second of the file. */
  readonly sampleRate: number;
  /** Channels in the file (the samples below are their average). */
  readonly channels: number;
  /** Sample format of the file: '8', '16', '24', '32' (integer PCM), '32f', '64f' (float), 'alaw', 'mulaw'. */
  readonly format: string;
  /** Mono samples x[t] = (1/C) Σ_c x_c[t], each scaled to [−1, 1]. */
  readonly samples: Float64Array;
  /** Duration in seconds (samples / sampleRate). */
  readonly duration: number;
  /** How samples narrower than their container were read (e.g. 12-bit PCM), absent otherwise. */
  readonly note?: string;
}

/** Lowest sample rate accepted, in Hz (files, analysis rates and models). */
export const MIN_SAMPLE_RATE = 1000;
/** Highest sample rate accepted, in Hz. */
export const MAX_SAMPLE_RATE = 384000;

/** Check an integer sample rate in [1 kHz, 384 kHz]; RangeError naming `what`, the range and the value. */
export function checkSampleRate(rate: number, what = 'sample rate'): void {
  if (!Number.isInteger(rate) || rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE)
    throw new RangeError(
      `${what} must be an integer from ${MIN_SAMPLE_RATE} to ${MAX_SAMPLE_RATE} Hz (got ${rate})`,
    );
}

/**
 * Refuse a recording that cannot be a pattern: fewer than 2 samples, or every sample zero (silent).
 * Throws WavError naming the file and the reason.
 */
export function checkAudible(audio: DecodedAudio, name = 'WAV data'): void {
  if (audio.samples.length < 2)
    throw new WavError(
      `${name}: the recording has ${audio.samples.length} sample (at least 2 are needed to compute a spectrum)`,
    );
  if (audio.samples.every((x) => x === 0))
    throw new WavError(`${name}: the recording is silent (every sample is 0)`);
}

/** An unreadable or unsupported WAV file; the message names the file and what is wrong. */
export class WavError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'WavError';
  }
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

interface FmtChunk {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  bitsPerSample: number;
  subformat?: number[];
}

/**
 * Decode a WAV file's bytes to mono samples in [−1, 1]: integer PCM x/2^(c−1) for a c-bit container (8 bit:
 * (x − 128)/128), floats as stored, channels averaged. Throws WavError for empty, non-WAV, truncated, sample-less or unsupported data.
 */
export function decodeWav(bytes: Uint8Array, name = 'WAV data'): DecodedAudio {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${name}: bytes must be a Uint8Array`);
  if (bytes.length === 0) throw new WavError(`${name}: the file is empty`);
  const tag = String.fromCharCode(...bytes.subarray(0, 4));
  if (bytes.length < 12 || !['RIFF', 'RIFX', 'RF64'].includes(tag) || ascii(bytes, 8, 4) !== 'WAVE') {
    throw new WavError(`${name}: not a WAV file (no RIFF/WAVE header)`);
  }
  checkChunkOrder(bytes, tag === 'RIFX', name);
  const wav = new wavefile.WaveFile();
  try {
    wav.fromBuffer(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new WavError(`${name}: malformed or truncated WAV file (${why.replace(/\.$/, '')})`);
  }
  const fmt = wav.fmt as unknown as FmtChunk;
  const data = wav.data as unknown as { chunkSize: number; samples: Uint8Array };
  const { numChannels: channels, sampleRate, bitsPerSample: bits } = fmt;
  if (!(channels >= 1)) throw new WavError(`${name}: the fmt chunk declares ${channels} channels`);
  if (!(sampleRate >= MIN_SAMPLE_RATE && sampleRate <= MAX_SAMPLE_RATE))
    throw new WavError(
      `${name}: sample rate ${sampleRate} Hz is outside the supported range ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz`,
    );
  const declared = data.chunkSize >>> 0;
  // 0 and 0xFFFFFFFF are written by streaming encoders that did not know the length: accept what is there.
  if (declared !== 0 && declared !== 0xffffffff && data.samples.length < declared) {
    throw new WavError(
      `${name}: truncated WAV file (data chunk declares ${declared} bytes, ${data.samples.length} present)`,
    );
  }
  // Keep whole frames of the declared data only: a chunk of odd length is followed by a pad byte (RIFF), which
  // the library reads as one more 8-bit, A-law or μ-law sample.
  const block = channels * Math.max(1, Math.ceil(bits / 8));
  let usable = data.samples.length;
  if (declared !== 0 && declared !== 0xffffffff) usable = Math.min(usable, declared);
  usable -= usable % block;
  if (usable < data.samples.length) data.samples = data.samples.subarray(0, usable);
  const { interleaved, format } = interleavedSamples(wav, fmt, data.samples, name);
  const samples = monoSamples(interleaved, channels, name);
  const frames = samples.length;
  const container = 8 * Math.ceil(bits / 8);
  const note =
    format === String(bits) && bits % 8 !== 0
      ? `${bits}-bit PCM read from ${container}-bit containers (left-justified, scaled by 2^${container - 1})`
      : undefined;
  return { sampleRate, channels, format, samples, duration: frames / sampleRate, ...(note ? { note } : {}) };
}

/**
 * Refuse a `data` chunk that comes before the `fmt ` chunk: the WAVE specification puts the format first, and
 * readers that stream the chunks (scipy.io.wavfile, Python's wave) refuse such files.
 */
function checkChunkOrder(bytes: Uint8Array, bigEndian: boolean, name: string): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = ascii(bytes, at, 4);
    if (id === 'fmt ') return;
    if (id === 'data')
      throw new WavError(`${name}: malformed WAV file (the data chunk comes before the fmt chunk)`);
    const size = view.getUint32(at + 4, !bigEndian);
    at += 8 + size + (size % 2);
  }
}

type WaveFileInstance = InstanceType<typeof wavefile.WaveFile>;

/** Interleaved samples in [−1, 1] of the data chunk by its encoding (PCM, float, A-law, μ-law), and the format name. */
function interleavedSamples(
  wav: WaveFileInstance,
  fmt: FmtChunk,
  bytes: Uint8Array,
  name: string,
): { interleaved: Float64Array; format: string } {
  const kind =
    fmt.audioFormat === FORMAT_EXTENSIBLE && fmt.subformat ? fmt.subformat[0] & 0xffff : fmt.audioFormat;
  let interleaved: Float64Array;
  let format: string;
  const bits = fmt.bitsPerSample;
  switch (kind) {
    case FORMAT_PCM: {
      if (!(bits >= 8 && bits <= 32))
        throw new WavError(`${name}: unsupported integer PCM of ${bits} bits (8–32 are supported)`);
      interleaved = wav.getSamples(true, Float64Array) as unknown as Float64Array;
      const bytesPer = Math.ceil(bits / 8);
      if (bytesPer === 1) {
        for (let i = 0; i < interleaved.length; i++) interleaved[i] = (interleaved[i] - 128) / 128;
      } else {
        // Samples narrower than their container (e.g. 12 or 20 bits) are left-justified in it (WAVE format
        // specification), so the container width sets the scale, as in libsndfile.
        const scale = 1 / 2 ** (8 * bytesPer - 1);
        for (let i = 0; i < interleaved.length; i++) interleaved[i] *= scale;
      }
      format = String(bits);
      break;
    }
    case FORMAT_FLOAT: {
      if (bits !== 32 && bits !== 64)
        throw new WavError(`${name}: unsupported float PCM of ${bits} bits (32 or 64 are supported)`);
      interleaved = readFloats(bytes, bits, wav.container === 'RIFX');
      format = bits === 32 ? '32f' : '64f';
      break;
    }
    case FORMAT_ALAW:
    case FORMAT_MULAW: {
      if (kind === FORMAT_ALAW) wav.fromALaw('16');
      else wav.fromMuLaw('16');
      interleaved = wav.getSamples(true, Float64Array) as unknown as Float64Array;
      for (let i = 0; i < interleaved.length; i++) interleaved[i] /= 32768;
      format = kind === FORMAT_ALAW ? 'alaw' : 'mulaw';
      break;
    }
    default:
      throw new WavError(
        `${name}: unsupported WAV encoding (format code ${kind}); integer PCM, float, A-law and μ-law are supported`,
      );
  }
  return { interleaved, format };
}

/** Channels averaged per frame; refuses data without a frame or with a non-finite sample. */
function monoSamples(interleaved: Float64Array, channels: number, name: string): Float64Array {
  const frames = Math.floor(interleaved.length / channels);
  if (frames === 0) throw new WavError(`${name}: the WAV file contains no audio samples`);
  const samples = new Float64Array(frames);
  const inv = 1 / channels;
  for (let t = 0; t < frames; t++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += interleaved[t * channels + c];
    samples[t] = s * inv;
  }
  for (let t = 0; t < frames; t++) {
    if (!Number.isFinite(samples[t]))
      throw new WavError(`${name}: sample ${t} is not a finite number (${samples[t]})`);
  }
  return samples;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

/** IEEE floats of 32 or 64 bits from the data chunk (little-endian unless RIFX). */
function readFloats(raw: Uint8Array, bits: number, bigEndian: boolean): Float64Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const size = bits / 8;
  const count = Math.floor(raw.byteLength / size);
  const out = new Float64Array(count);
  if (size === 4) for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, !bigEndian);
  else for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, !bigEndian);
  return out;
}

/** Sample formats `encodeWav` can write. */
export type WavSampleFormat = '8' | '16' | '24' | '32' | '32f' | '64f';

/**
 * Encode channels of samples in [−1, 1] as a WAV file (integer PCM rounds x·2^(b−1), clipped; 8 bit is
 * unsigned). Used to write test files and examples.
 */
export function encodeWav(
  channels: readonly ArrayLike<number>[],
  sampleRate: number,
  format: WavSampleFormat = '16',
): Uint8Array {
  if (channels.length < 1) throw new RangeError(`channels must hold at least one channel (got 0)`);
  const len = channels[0].length;
  if (channels.some((c) => c.length !== len)) throw new RangeError('channels must all have the same length');
  if (!Number.isInteger(sampleRate) || sampleRate < 1)
    throw new RangeError(`sampleRate must be an integer ≥ 1 (got ${sampleRate})`);
  const scaled = channels.map((c) => {
    const out = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      const x = c[i];
      switch (format) {
        case '8':
          out[i] = Math.min(255, Math.max(0, Math.round(x * 128 + 128)));
          break;
        case '16':
        case '24':
        case '32': {
          const b = Number(format);
          const m = 2 ** (b - 1);
          out[i] = Math.min(m - 1, Math.max(-m, Math.round(x * m)));
          break;
        }
        default:
          out[i] = x;
      }
    }
    return out;
  });
  const wav = new wavefile.WaveFile();
  const code = format === '64f' ? '64' : format;
  wav.fromScratch(channels.length, sampleRate, code, channels.length === 1 ? scaled[0] : scaled);
  return wav.toBuffer();
}
