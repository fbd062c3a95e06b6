import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, WavError } from '../../src/data/wav.js';

/**
 * A minimal RIFF/WAVE writer, independent of the decoder's library: `write(view, offset, value)` stores one
 * sample; the fmt chunk is the 16-byte PCM form, or the 40-byte WAVE_FORMAT_EXTENSIBLE form.
 */
function makeWav(o: {
  format: number;
  bits: number;
  channels: number;
  rate: number;
  frames: number;
  write: (view: DataView, offset: number, frame: number, channel: number) => void;
  extensible?: boolean;
  declaredData?: number;
  cutTo?: number;
}): Uint8Array {
  const bytesPer = Math.ceil(o.bits / 8);
  const dataBytes = o.frames * o.channels * bytesPer;
  const fmtSize = o.extensible ? 40 : 16;
  const total = 12 + 8 + fmtSize + 8 + dataBytes;
  const buf = new ArrayBuffer(total);
  const v = new DataView(buf);
  const str = (off: number, s: string) => {
    for (let i = 0; i < s.length; i++) v.setUint8(off + i, s.charCodeAt(i));
  };
  str(0, 'RIFF');
  v.setUint32(4, total - 8, true);
  str(8, 'WAVE');
  str(12, 'fmt ');
  v.setUint32(16, fmtSize, true);
  v.setUint16(20, o.extensible ? 0xfffe : o.format, true);
  v.setUint16(22, o.channels, true);
  v.setUint32(24, o.rate, true);
  v.setUint32(28, o.rate * o.channels * bytesPer, true);
  v.setUint16(32, o.channels * bytesPer, true);
  v.setUint16(34, o.bits, true);
  let off = 36;
  if (o.extensible) {
    v.setUint16(36, 22, true); // cbSize
    v.setUint16(38, o.bits, true); // valid bits
    v.setUint32(40, o.channels === 1 ? 4 : 3, true); // channel mask
    v.setUint32(44, o.format, true); // subformat GUID, first 4 bytes = format code
    const rest = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
    for (let i = 0; i < rest.length; i++) v.setUint8(48 + i, rest[i]);
    off = 60;
  }
  str(off, 'data');
  v.setUint32(off + 4, o.declaredData ?? dataBytes, true);
  off += 8;
  for (let t = 0; t < o.frames; t++) {
    for (let c = 0; c < o.channels; c++) {
      o.write(v, off, t, c);
      off += bytesPer;
    }
  }
  const bytes = new Uint8Array(buf);
  return o.cutTo === undefined ? bytes : bytes.slice(0, o.cutTo);
}

/** Test signal in [−1, 1): a different value per frame and channel. */
const sig = (t: number, c: number) => Math.sin(0.3 * t + c) * 0.9;

function int24(v: DataView, off: number, x: number) {
  const u = x < 0 ? x + 0x1000000 : x;
  v.setUint8(off, u & 0xff);
  v.setUint8(off + 1, (u >> 8) & 0xff);
  v.setUint8(off + 2, (u >> 16) & 0xff);
}

describe('decodeWav: every PCM format against files written here', () => {
  const frames = 50;
  const cases: {
    name: string;
    format: number;
    bits: number;
    write: (v: DataView, off: number, x: number) => void;
    /** The value the stored sample stands for. */
    value: (x: number) => number;
    extensible?: boolean;
  }[] = [
    {
      name: '8-bit unsigned',
      format: 1,
      bits: 8,
      write: (v, off, x) => v.setUint8(off, Math.round(x * 127) + 128),
      value: (x) => Math.round(x * 127) / 128,
    },
    {
      name: '16-bit',
      format: 1,
      bits: 16,
      write: (v, off, x) => v.setInt16(off, Math.round(x * 32767), true),
      value: (x) => Math.round(x * 32767) / 32768,
    },
    {
      name: '24-bit',
      format: 1,
      bits: 24,
      write: (v, off, x) => int24(v, off, Math.round(x * 8388607)),
      value: (x) => Math.round(x * 8388607) / 8388608,
    },
    {
      name: '24-bit extensible',
      format: 1,
      bits: 24,
      extensible: true,
      write: (v, off, x) => int24(v, off, Math.round(x * 8388607)),
      value: (x) => Math.round(x * 8388607) / 8388608,
    },
    {
      name: '12-bit, left-justified in 16',
      format: 1,
      bits: 12,
      write: (v, off, x) => v.setInt16(off, Math.round(x * 2047) * 16, true),
      value: (x) => (Math.round(x * 2047) * 16) / 32768,
    },
    {
      name: '32-bit integer',
      format: 1,
      bits: 32,
      write: (v, off, x) => v.setInt32(off, Math.round(x * 2147483647), true),
      value: (x) => Math.round(x * 2147483647) / 2147483648,
    },
    {
      name: '32-bit float',
      format: 3,
      bits: 32,
      write: (v, off, x) => v.setFloat32(off, x, true),
      value: (x) => Math.fround(x),
    },
    {
      name: '32-bit float extensible',
      format: 3,
      bits: 32,
      extensible: true,
      write: (v, off, x) => v.setFloat32(off, x, true),
      value: (x) => Math.fround(x),
    },
    {
      name: '64-bit float',
      format: 3,
      bits: 64,
      write: (v, off, x) => v.setFloat64(off, x, true),
      value: (x) => x,
    },
  ];
  for (const c of cases) {
    for (const channels of [1, 2]) {
      it(`${c.name}, ${channels === 1 ? 'mono' : 'stereo averaged to mono'}`, () => {
        const bytes = makeWav({
          format: c.format,
          bits: c.bits,
          channels,
          rate: 8000,
          frames,
          extensible: c.extensible,
          write: (v, off, t, ch) => c.write(v, off, sig(t, ch)),
        });
        const d = decodeWav(bytes, 'test.wav');
        expect(d.sampleRate).toBe(8000);
        expect(d.channels).toBe(channels);
        expect(d.samples.length).toBe(frames);
        expect(d.duration).toBeCloseTo(frames / 8000, 12);
        for (let t = 0; t < frames; t++) {
          let want = 0;
          for (let ch = 0; ch < channels; ch++) want += c.value(sig(t, ch));
          want /= channels;
          expect(d.samples[t]).toBeCloseTo(want, 12);
        }
      });
    }
  }

  it('reports the format it found', () => {
    const formats = cases.map(
      (c) =>
        decodeWav(
          makeWav({
            format: c.format,
            bits: c.bits,
            channels: 1,
            rate: 44100,
            frames: 4,
            extensible: c.extensible,
            write: (v, off, t) => c.write(v, off, sig(t, 0)),
          }),
        ).format,
    );
    expect(formats).toEqual(['8', '16', '24', '24', '12', '32', '32f', '32f', '64f']);
  });

  it('any sample rate is kept as given (8 kHz, 44.1 kHz, 96 kHz)', () => {
    for (const rate of [8000, 44100, 96000]) {
      const bytes = makeWav({
        format: 1,
        bits: 16,
        channels: 1,
        rate,
        frames: 3,
        write: (v, off) => v.setInt16(off, 0, true),
      });
      expect(decodeWav(bytes).sampleRate).toBe(rate);
    }
  });
});

describe('encodeWav round trip', () => {
  it('16-bit and float files written by encodeWav decode to the same samples', () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => 0.8 * Math.sin(i / 7));
    const y = Float64Array.from({ length: 100 }, (_, i) => 0.5 * Math.cos(i / 3));
    const d16 = decodeWav(encodeWav([x], 16000, '16'));
    for (let i = 0; i < 100; i++) expect(Math.abs(d16.samples[i] - x[i])).toBeLessThanOrEqual(1 / 32768);
    const d64 = decodeWav(encodeWav([x, y], 22050, '64f'));
    for (let i = 0; i < 100; i++) expect(d64.samples[i]).toBeCloseTo((x[i] + y[i]) / 2, 14);
    expect(decodeWav(encodeWav([x], 8000, '8')).format).toBe('8');
    expect(decodeWav(encodeWav([x], 8000, '24')).format).toBe('24');
    expect(decodeWav(encodeWav([x], 8000, '32f')).format).toBe('32f');
  });

  it('rejects bad arguments', () => {
    expect(() => encodeWav([], 8000)).toThrow(RangeError);
    expect(() => encodeWav([[0, 1], [0]], 8000)).toThrow(/same length/);
    expect(() => encodeWav([[0]], 0)).toThrow(/sampleRate/);
  });
});

describe('decodeWav: clear errors for bad files', () => {
  const good = makeWav({
    format: 1,
    bits: 16,
    channels: 1,
    rate: 8000,
    frames: 100,
    write: (v, off, t) => v.setInt16(off, t, true),
  });

  it('empty file', () => {
    expect(() => decodeWav(new Uint8Array(0), 'a.wav')).toThrow(WavError);
    expect(() => decodeWav(new Uint8Array(0), 'a.wav')).toThrow('a.wav: the file is empty');
  });

  it('not a WAV file', () => {
    const text = new TextEncoder().encode('this is a text file, not audio at all');
    expect(() => decodeWav(text, 'notes.wav')).toThrow('notes.wav: not a WAV file (no RIFF/WAVE header)');
    expect(() => decodeWav(good.slice(0, 6), 'x.wav')).toThrow(/not a WAV file/);
  });

  it('header cut before the fmt or data chunk', () => {
    expect(() => decodeWav(good.slice(0, 12), 'x.wav')).toThrow(
      /x\.wav: malformed or truncated WAV file.*fmt/,
    );
    expect(() => decodeWav(good.slice(0, 40), 'x.wav')).toThrow(
      /x\.wav: malformed or truncated WAV file.*data/,
    );
  });

  it('data chunk shorter than declared', () => {
    expect(() => decodeWav(good.slice(0, good.length - 50), 'cut.wav')).toThrow(
      'cut.wav: truncated WAV file (data chunk declares 200 bytes, 150 present)',
    );
  });

  it('no samples', () => {
    const empty = makeWav({ format: 1, bits: 16, channels: 1, rate: 8000, frames: 0, write: () => {} });
    expect(() => decodeWav(empty, 'silence.wav')).toThrow(
      'silence.wav: the WAV file contains no audio samples',
    );
  });

  it('unsupported encodings', () => {
    const adpcm = makeWav({ format: 2, bits: 16, channels: 1, rate: 8000, frames: 4, write: () => {} });
    expect(() => decodeWav(adpcm, 'ms.wav')).toThrow(/ms\.wav: unsupported WAV encoding \(format code 2\)/);
    const f16 = makeWav({ format: 3, bits: 16, channels: 1, rate: 8000, frames: 4, write: () => {} });
    expect(() => decodeWav(f16, 'half.wav')).toThrow(/unsupported float PCM of 16 bits/);
  });

  it('non-finite float samples', () => {
    const nan = makeWav({
      format: 3,
      bits: 32,
      channels: 1,
      rate: 8000,
      frames: 3,
      write: (v, off, t) => v.setFloat32(off, t === 1 ? Number.NaN : 0, true),
    });
    expect(() => decodeWav(nan, 'nan.wav')).toThrow(/nan\.wav: sample 1 is not a finite number/);
  });

  it('streaming files with an unknown data length (0xFFFFFFFF) are read to the end', () => {
    const streamed = makeWav({
      format: 1,
      bits: 16,
      channels: 1,
      rate: 8000,
      frames: 10,
      declaredData: 0xffffffff,
      write: (v, off, t) => v.setInt16(off, 1000 * t, true),
    });
    const d = decodeWav(streamed);
    expect(d.samples.length).toBe(10);
    expect(d.samples[3]).toBeCloseTo(3000 / 32768, 12);
  });
});
