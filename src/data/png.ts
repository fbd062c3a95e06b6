/**
 * PNG images as ±1 patterns. Decoding and encoding are done by `pngjs` (any bit depth, palette, grey or colour,
 * with or without alpha, interlaced or not); this module turns the pixels into grey levels, resizes them to a
 * common grid by area averaging, and thresholds them to ±1. Works on bytes, not paths.
 *
 * Conventions: grey g = (0.299 R + 0.587 G + 0.114 B)/255 composited over white by the alpha channel
 * (g' = a·g + 1 − a); a pixel is +1 when g' > threshold (light) and −1 otherwise (dark); pixel (x, y) is entry
 * y·W + x of the pattern (row-major, top row first).
 */
import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';

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
  checkImageData(bytes, name);
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new TypeError(`${name}: malformed or truncated PNG image (${why.replace(/\.$/, '')})`);
  }
  const { width, height, data } = png;
  const grey = new Float64Array(width * height);
  for (let i = 0; i < grey.length; i++) {
    const r = data[4 * i];
    const g = data[4 * i + 1];
    const b = data[4 * i + 2];
    const a = data[4 * i + 3] / 255;
    grey[i] = (a * (0.299 * r + 0.587 * g + 0.114 * b)) / 255 + 1 - a;
  }
  return { width, height, grey };
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
 * Refuse image data (the IDAT chunks) that libpng refuses and pngjs would decode as something: a zlib stream
 * that is garbage or cut short, or one that holds fewer bytes than the image's rows need ("not enough image
 * data"). A little data beyond the rows is accepted, as libpng does.
 */
function checkImageData(bytes: Uint8Array, name: string): void {
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
  if (!header) return; // pngjs names the missing header
  const need = imageDataBytes(header.w, header.h, header.depth, header.color, header.interlace);
  if (idat.length === 0)
    throw new TypeError(`${name}: malformed or truncated PNG image (no image data: IDAT chunk missing)`);
  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: need + 65536 });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE')
      throw new TypeError(
        `${name}: malformed or truncated PNG image (image data (IDAT) far larger than the ${header.w}×${header.h} image needs)`,
      );
    const why = e instanceof Error ? e.message : String(e);
    throw new TypeError(
      `${name}: malformed or truncated PNG image (image data (IDAT) is not a valid zlib stream: ${why})`,
    );
  }
  if (raw.length < need)
    throw new TypeError(
      `${name}: malformed or truncated PNG image (image data (IDAT) holds ${raw.length} bytes; the ${header.w}×${header.h} image needs ${need})`,
    );
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
  const png = new PNG({ width: width * scale, height: height * scale });
  for (let y = 0; y < height * scale; y++) {
    for (let x = 0; x < width * scale; x++) {
      const v = pattern[Math.floor(y / scale) * width + Math.floor(x / scale)];
      const g = Math.round(Math.max(0, Math.min(255, 127.5 * (v + 1))));
      const o = 4 * (y * width * scale + x);
      png.data[o] = g;
      png.data[o + 1] = g;
      png.data[o + 2] = g;
      png.data[o + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}
