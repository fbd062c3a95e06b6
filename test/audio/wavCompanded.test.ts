import { describe, expect, it } from 'vitest';
import { decodeWav } from '../../src/data/wav.js';

/**
 * One-byte-per-sample WAV files written here byte by byte: 8-bit PCM (format 1), A-law (6) and μ-law (7), mono.
 * A data chunk of odd length is followed by a pad byte, as the RIFF specification requires (and as SoX writes it);
 * `pad` chooses its value.
 */
function byteWav(format: 1 | 6 | 7, codes: readonly number[], rate = 8000, pad = 0): Uint8Array {
  const fmtSize = format === 1 ? 16 : 18; // non-PCM formats carry cbSize
  const padded = codes.length % 2;
  const total = 12 + 8 + fmtSize + 8 + codes.length + padded;
  const v = new DataView(new ArrayBuffer(total));
  const str = (off: number, s: string) => {
    for (let i = 0; i < s.length; i++) v.setUint8(off + i, s.charCodeAt(i));
  };
  str(0, 'RIFF');
  v.setUint32(4, total - 8, true);
  str(8, 'WAVE');
  str(12, 'fmt ');
  v.setUint32(16, fmtSize, true);
  v.setUint16(20, format, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate, true);
  v.setUint16(32, 1, true);
  v.setUint16(34, 8, true);
  if (fmtSize === 18) v.setUint16(36, 0, true);
  const off = 20 + fmtSize;
  str(off, 'data');
  v.setUint32(off + 4, codes.length, true);
  codes.forEach((c, i) => {
    v.setUint8(off + 8 + i, c);
  });
  if (padded) v.setUint8(off + 8 + codes.length, pad);
  return new Uint8Array(v.buffer);
}

/** ITU-T G.711 μ-law expansion to 16-bit linear (the reference C code, e.g. Sun's g711.c `ulaw2linear`). */
function ulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

/** ITU-T G.711 A-law expansion to 16-bit linear (`alaw2linear`). */
function alawToLinear(code: number): number {
  const a = code ^ 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

const allCodes = Array.from({ length: 256 }, (_, c) => c);

describe('decodeWav: A-law and μ-law against the G.711 expansion', () => {
  for (const [name, format, expand] of [
    ['μ-law', 7, ulawToLinear],
    ['A-law', 6, alawToLinear],
  ] as const) {
    it(`${name}: each of the 256 codes decodes to its G.711 value / 32768`, () => {
      const d = decodeWav(byteWav(format, allCodes), `${name}.wav`);
      expect(d.format).toBe(format === 7 ? 'mulaw' : 'alaw');
      expect(d.samples.length).toBe(256);
      for (const c of allCodes) expect(d.samples[c]).toBe(expand(c) / 32768);
    });
  }

  it('the G.711 references are the standard tables (spot values)', () => {
    expect(ulawToLinear(0x00)).toBe(-32124);
    expect(ulawToLinear(0x80)).toBe(32124);
    expect(ulawToLinear(0xff)).toBe(0);
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0x2a)).toBe(-32256);
  });
});

describe('decodeWav: the pad byte after a data chunk of odd length is not a sample', () => {
  it('8-bit PCM, 5 samples + pad byte 0x00: 5 samples, none at −1', () => {
    const codes = [128, 192, 64, 160, 96];
    const d = decodeWav(byteWav(1, codes), 'odd8.wav');
    expect(d.samples.length).toBe(5);
    expect(Array.from(d.samples)).toEqual(codes.map((c) => (c - 128) / 128));
    expect(d.duration).toBeCloseTo(5 / 8000, 15);
  });

  for (const [name, format, expand] of [
    ['μ-law', 7, ulawToLinear],
    ['A-law', 6, alawToLinear],
  ] as const) {
    it(`${name}, 255 codes + pad byte: 255 samples`, () => {
      const codes = allCodes.slice(1);
      const d = decodeWav(byteWav(format, codes, 8000, 0x00), `odd-${name}.wav`);
      expect(d.samples.length).toBe(255);
      expect(d.samples[254]).toBe(expand(255) / 32768);
    });
  }
});
