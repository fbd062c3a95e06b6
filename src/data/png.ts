/**
 * PNG images as ±1 patterns. Decoding and encoding are done by `fast-png` (pure JavaScript, so the page decodes
 * as Node does; any bit depth, palette, grey or colour, with or without alpha, interlaced or not); this module
 * turns its samples into 8-bit RGBA as libpng's usual transformations do (palette expanded, tRNS colour made
 * transparent, depths scaled to 8 bits by rounding), then into grey levels, resizes them to a common grid by area
 * averaging, and thresholds them to ±1. Works on bytes, not paths.
 *
 * Conventions: grey g = (0.299 R + 0.587 G + 0.114 B)/255 composited over white by the alpha channel
 * (g' = a·g + 1 − a); a pixel is +1 when g' > threshold (light) and −1 otherwise (dark); pixel (x, y) is entry
 * y·W + x of the pattern (row-major, top row first).
 */
import { type DecodedPng, decode, encode } from 'fast-png';

/** A grey image: values in [0, 1], row-major. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly grey: Float64Array;
}

/** Largest image side accepted, in pixels (guards memory before decoding). */
export const MAX_IMAGE_SIDE = 4096;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Decode PNG bytes to grey levels in [0, 1] (alpha composited over white); TypeError naming the file if not a PNG. */
export function decodePngGrey(bytes: Uint8Array, name = 'PNG data'): GreyImage {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${name}: bytes must be a Uint8Array`);
  if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b))
    throw new TypeError(`${name}: not a PNG image (bad signature)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const w = view.getUint32(16);
  const h = view.getUint32(20);
  if (w < 1 || h < 1 || w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE)
    throw new RangeError(`${name}: image size ${w}×${h} is outside 1..${MAX_IMAGE_SIDE} pixels per side`);
  const image = checkImageData(bytes, name);
  let rgba: Uint8Array;
  try {
    if (image?.header.interlace === 1) {
      // Every chunk checked, palette and tRNS read; the rows are read pass by pass (see adam7Samples).
      const meta = { ...decode(firstRowOnly(bytes), { checkCrc: true }), width: w, height: h };
      rgba = toRgba8(meta, adam7Samples(image.raw, meta, image.header.color));
    } else {
      const png = decode(bytes, { checkCrc: true });
      rgba = toRgba8(png, sampleReader(png));
    }
  } catch (e) {
    throw new TypeError(`${name}: malformed or truncated PNG image (${reason(e)})`);
  }
  const grey = new Float64Array(w * h);
  for (let i = 0; i < grey.length; i++) {
    const r = rgba[4 * i];
    const g = rgba[4 * i + 1];
    const b = rgba[4 * i + 2];
    const a = rgba[4 * i + 3] / 255;
    grey[i] = (a * (0.299 * r + 0.587 * g + 0.114 * b)) / 255 + 1 - a;
  }
  return { width: w, height: h, grey };
}

/** An error's words without a closing period (errors thrown as strings included). */
const reason = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\.$/, '');

/**
 * 8-bit RGBA of a decoded PNG: palette indices looked up (alpha from tRNS, else opaque), grey expanded to RGB, the
 * tRNS colour of grey and RGB images made fully transparent (compared before scaling), other depths scaled to 8
 * bits as round(v·255/(2^depth − 1)).
 */
function toRgba8(png: DecodedPng, sample: Sampler): Uint8Array {
  const { width, height, depth, channels, palette, transparency } = png;
  const out = new Uint8Array(4 * width * height);
  const max = 2 ** depth - 1;
  const scale = (v: number) => (depth === 8 ? v : Math.floor((v * 255) / max + 0.5));
  const px = new Array<number>(4);
  for (let i = 0; i < width * height; i++) {
    if (palette) {
      const c = palette[sample(i, 0)];
      if (!c) throw new RangeError(`palette index ${sample(i, 0)} is not in the palette`);
      for (let k = 0; k < 3; k++) out[4 * i + k] = c[k];
      out[4 * i + 3] = c[3] ?? 255;
      continue;
    }
    const grey = channels < 3;
    for (let k = 0; k < 3; k++) px[k] = sample(i, grey ? 0 : k);
    px[3] = channels === 2 || channels === 4 ? sample(i, channels - 1) : max;
    const clear =
      transparency !== undefined &&
      (grey ? transparency[0] === px[0] : transparency.every((t, k) => t === px[k]));
    for (let k = 0; k < 4; k++) out[4 * i + k] = clear ? 0 : scale(px[k]);
  }
  return out;
}

/** Sample `c` (channel) of pixel `i` (row-major) of an image. */
type Sampler = (i: number, c: number) => number;

/** Sample `c` of pixel `i` of fast-png's rows (bit-packed rows below 8 bits, one array entry per sample above). */
function sampleReader(png: DecodedPng): Sampler {
  const { width, depth, channels, data } = png;
  if (depth >= 8) return (i, c) => data[i * channels + c];
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  const mask = 2 ** depth - 1;
  return (i, c) => {
    const y = Math.floor(i / width);
    const bit = ((i % width) * channels + c) * depth;
    return (data[y * rowBytes + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
  };
}

/**
 * The samples of an interlaced image, pass by pass: fast-png reads Adam7 rows of fewer than 8 bits per sample
 * wrongly, so each pass's rows (from the inflated image data) are decoded as a non-interlaced image of their own
 * and put in place.
 */
function adam7Samples(raw: Uint8Array, png: DecodedPng, colorType: number): Sampler {
  const { width, height, depth, channels } = png;
  const full = new Uint16Array(width * height * channels);
  let at = 0;
  for (const [xs, ys, dx, dy] of ADAM7) {
    const pw = Math.ceil((width - xs) / dx);
    const ph = Math.ceil((height - ys) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const size = ph * (1 + Math.ceil((pw * channels * depth) / 8));
    const ihdr = header(pw, ph, depth, colorType);
    const pass = decode(pngOf([chunk('IHDR', ihdr), chunk('IDAT', storedZlib(raw.subarray(at, at + size)))]));
    at += size;
    const s = sampleReader(pass);
    for (let py = 0; py < ph; py++)
      for (let px = 0; px < pw; px++)
        for (let c = 0; c < channels; c++)
          full[((ys + py * dy) * width + xs + px * dx) * channels + c] = s(py * pw + px, c);
  }
  return (i, c) => full[i * channels + c];
}

/**
 * The same PNG with its IHDR saying one row, not interlaced (CRC renewed): fast-png then checks every chunk and
 * reads the palette and tRNS without reading the interlaced rows as plain ones.
 */
function firstRowOnly(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  const v = new DataView(out.buffer);
  v.setUint32(20, 1); // height
  out[28] = 0; // interlace method
  v.setUint32(29, crc32(out.subarray(12, 29)));
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309) of a chunk's type and data, as PNG stores it. */
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** IHDR data: width, height, bit depth, colour type, no interlace. */
function header(width: number, height: number, depth: number, colorType: number): Uint8Array {
  const out = new Uint8Array(13);
  const v = new DataView(out.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  out[8] = depth;
  out[9] = colorType;
  return out;
}

/** A PNG of these chunks (IEND added). */
const pngOf = (chunks: readonly Uint8Array[]) =>
  concatBytes([new Uint8Array(PNG_SIGNATURE), ...chunks, chunk('IEND', new Uint8Array(0))]);

/** A zlib stream holding `data` in stored (uncompressed) deflate blocks, with its Adler-32 checksum. */
function storedZlib(data: Uint8Array): Uint8Array {
  const blocks: Uint8Array[] = [new Uint8Array([0x78, 0x01])];
  for (let at = 0; at < data.length || at === 0; at += 65535) {
    const part = data.subarray(at, at + 65535);
    const last = at + 65535 >= data.length ? 1 : 0;
    const n = part.length;
    blocks.push(new Uint8Array([last, n & 255, n >> 8, ~n & 255, (~n >> 8) & 255]), part);
    if (last) break;
  }
  let a = 1;
  let b = 0;
  for (const x of data) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  const sum = new Uint8Array(4);
  new DataView(sum.buffer).setUint32(0, ((b << 16) | a) >>> 0);
  blocks.push(sum);
  return concatBytes(blocks);
}

/** Channels per pixel of each PNG colour type (grey, RGB, palette, grey + alpha, RGBA). */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Adam7 passes: [x start, y start, x step, y step]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Bytes of filtered scanlines (one filter byte per row) a PNG of this header needs. */
function imageDataBytes(
  w: number,
  h: number,
  bitDepth: number,
  colorType: number,
  interlace: number,
): number {
  const bits = (CHANNELS[colorType] ?? 4) * bitDepth;
  const rows = (pw: number, ph: number) => (pw > 0 && ph > 0 ? ph * (1 + Math.ceil((pw * bits) / 8)) : 0);
  if (interlace !== 1) return rows(w, h);
  let total = 0;
  for (const [xs, ys, dx, dy] of ADAM7) total += rows(Math.ceil((w - xs) / dx), Math.ceil((h - ys) / dy));
  return total;
}

/**
 * Refuse image data (the IDAT chunks) that libpng refuses and a lenient decoder would decode as something: a zlib
 * stream that is garbage or cut short, or one that holds fewer bytes than the image's rows need ("not enough image
 * data"). A little data beyond the rows is accepted, as libpng does.
 */
function checkImageData(
  bytes: Uint8Array,
  name: string,
): { raw: Uint8Array; header: { w: number; h: number; interlace: number; color: number } } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  let header: { w: number; h: number; depth: number; color: number; interlace: number } | undefined;
  for (let at = 8; at + 8 <= bytes.length; ) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + len));
    if (type === 'IHDR' && body.length >= 13)
      header = {
        w: view.getUint32(at + 8),
        h: view.getUint32(at + 12),
        depth: body[8],
        color: body[9],
        interlace: body[12],
      };
    if (type === 'IDAT') idat.push(body);
    if (type === 'IEND') break;
    at += 12 + len;
  }
  if (!header) return undefined; // the decoder names the missing header
  const need = imageDataBytes(header.w, header.h, header.depth, header.color, header.interlace);
  if (idat.length === 0)
    throw new TypeError(`${name}: malformed or truncated PNG image (no image data: IDAT chunk missing)`);
  let raw: Uint8Array | undefined;
  try {
    raw = inflate(concatBytes(idat));
  } catch (e) {
    const why = reason(e) === 'buffer error' ? 'unexpected end of file' : reason(e); // pako's word for it
    throw new TypeError(
      `${name}: malformed or truncated PNG image (image data (IDAT) is not a valid zlib stream: ${why})`,
    );
  }
  if (raw === undefined)
    throw new TypeError(
      `${name}: malformed or truncated PNG image (image data (IDAT) is not a valid zlib stream: unexpected end of file)`,
    );
  if (raw.length > need + 65536)
    throw new TypeError(
      `${name}: malformed or truncated PNG image (image data (IDAT) far larger than the ${header.w}×${header.h} image needs)`,
    );
  if (raw.length < need)
    throw new TypeError(
      `${name}: malformed or truncated PNG image (image data (IDAT) holds ${raw.length} bytes; the ${header.w}×${header.h} image needs ${need})`,
    );
  return { raw, header };
}

/** Byte arrays joined. */
function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A PNG chunk: length, type, data and a CRC field (left zero: the decoder is asked not to check it). */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  new DataView(out.buffer).setUint32(0, data.length);
  for (let k = 0; k < 4; k++) out[4 + k] = type.charCodeAt(k);
  out.set(data, 8);
  return out;
}

/** zlib stream of one 1×1 grey 8-bit image row (filter 0, pixel 0). */
const ONE_PIXEL = new Uint8Array([120, 156, 99, 96, 0, 0, 0, 2, 0, 1]);

/**
 * A zlib stream inflated whole; undefined when it ends early, an error when it is not zlib data. fast-png inflates
 * (with pako) but exports no inflate: the one inflated stream it returns is an embedded ICC profile's, so the
 * stream is handed to it as the profile of a 1×1 image.
 */
function inflate(stream: Uint8Array): Uint8Array | undefined {
  const iccp = concatBytes([new Uint8Array([120, 0, 0]), stream]); // name "x", NUL, compression method 0
  const png = pngOf([chunk('IHDR', header(1, 1, 8, 0)), chunk('iCCP', iccp), chunk('IDAT', ONE_PIXEL)]);
  return decode(png).iccEmbeddedProfile?.profile;
}

/**
 * Resize by area averaging: output pixel (X, Y) is the mean of the input over the rectangle
 * [X·w/W, (X+1)·w/W) × [Y·h/H, (Y+1)·h/H), each input pixel weighted by its overlap.
 */
export function resizeGrey(img: GreyImage, width: number, height: number): GreyImage {
  if (!Number.isInteger(width) || width < 1 || width > MAX_IMAGE_SIDE)
    throw new RangeError(`width must be an integer in [1, ${MAX_IMAGE_SIDE}] (got ${width})`);
  if (!Number.isInteger(height) || height < 1 || height > MAX_IMAGE_SIDE)
    throw new RangeError(`height must be an integer in [1, ${MAX_IMAGE_SIDE}] (got ${height})`);
  if (width === img.width && height === img.height) return img;
  const wx = axisWeights(img.width, width);
  const wy = axisWeights(img.height, height);
  const out = new Float64Array(width * height);
  for (const [y, sy, ay] of wy) {
    for (const [x, sx, ax] of wx) out[y * width + x] += ay * ax * img.grey[sy * img.width + sx];
  }
  return { width, height, grey: out };
}

/** Overlaps [output index, input index, weight] of input cells [i, i+1) with output cells scaled to length 1. */
function axisWeights(from: number, to: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  const scale = from / to;
  for (let o = 0; o < to; o++) {
    const a = o * scale;
    const b = (o + 1) * scale;
    for (let i = Math.floor(a); i < Math.min(from, Math.ceil(b)); i++) {
      const w = Math.min(b, i + 1) - Math.max(a, i);
      if (w > 0) out.push([o, i, w / scale]);
    }
  }
  return out;
}

/** ξ_i = +1 if g_i > threshold else −1. */
export function thresholdGrey(img: GreyImage, threshold = 0.5): Float64Array {
  if (!(threshold >= 0 && threshold <= 1))
    throw new RangeError(`threshold must be in [0, 1] (got ${threshold})`);
  return Float64Array.from(img.grey, (g) => (g > threshold ? 1 : -1));
}

/** Encode a ±1 pattern of width × height as a grey PNG (+1 white, −1 black, 0 mid-grey), scaled up `scale` times. */
export function encodePatternPng(
  pattern: ArrayLike<number>,
  width: number,
  height: number,
  scale = 1,
): Uint8Array {
  if (pattern.length !== width * height)
    throw new RangeError(
      `pattern must have width·height = ${width * height} entries (got ${pattern.length})`,
    );
  if (!Number.isInteger(scale) || scale < 1 || scale > 64)
    throw new RangeError(`scale must be an integer in [1, 64] (got ${scale})`);
  const w = width * scale;
  const h = height * scale;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = pattern[Math.floor(y / scale) * width + Math.floor(x / scale)];
      data[y * w + x] = Math.round(Math.max(0, Math.min(255, 127.5 * (v + 1))));
    }
  }
  return encode({ width: w, height: h, data, depth: 8, channels: 1 });
}
