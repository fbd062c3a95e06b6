/**
 * Audio panel (paper 004 section 5): the bundled spoken numbers (or one speaker's digits) are stored by
 * `audio store` in the worker; a spoken number recorded from the microphone, or a bundled recording, is retrieved
 * by `audio recall` (encoded as a ±1 pattern, flipped, run by the dynamics, named by the stored recording of
 * largest final overlap). Shows the query's spectrogram, its bit pattern beside the identified pattern, and the
 * candidates' overlaps.
 */
import type { LoadedFile } from '../../../src/experiments/params.js';
import type { AudioCapture, AudioPictures } from '../compute/audio.js';
import type { Panel } from '../panel.js';
import { bars, heatmap } from '../plot.js';
import type { Compute } from '../rpc.js';
import { el, errorText, failHandler, message, specForm, writeHash } from '../ui.js';
import { AUDIO_FORM } from './forms.js';

/** Bundled recordings shipped with the page (Vite copies each file into the build as an asset). */
const NUMBERS = import.meta.glob<string>('../../../data/audio/numbers/*.wav', {
  query: '?url',
  import: 'default',
  eager: true,
});
const UTTERANCES = import.meta.glob<string>('../../../data/audio/utterances/[0-9]_*.wav', {
  query: '?url',
  import: 'default',
  eager: true,
});
const FSDD = import.meta.glob<string>('../../../data/fsdd/recordings/[0-9]_george_[01].wav', {
  query: '?url',
  import: 'default',
  eager: true,
});

/** A bundled file: its name (label up to the first '_' or '.') and its absolute URL. */
interface AudioFile {
  readonly name: string;
  readonly url: string;
}

/** File entries of a glob, in natural name order, with absolute URLs. */
function filesOf(glob: Record<string, string>, keep: (name: string) => boolean = () => true): AudioFile[] {
  return Object.entries(glob)
    .map(([path, url]) => ({ name: path.split('/').pop() as string, url: new URL(url, location.href).href }))
    .filter((f) => keep(f.name))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

const SETS = {
  numbers: {
    stored: () => filesOf(NUMBERS),
    picks: () => [...filesOf(NUMBERS), ...filesOf(UTTERANCES)],
    text: 'the 81 bundled numbers 0–80 (synthetic voice, data/audio/numbers); picks also offer a second voice for 0–9',
  },
  fsdd: {
    stored: () => filesOf(FSDD, (n) => n.endsWith('_0.wav')),
    picks: () => filesOf(FSDD),
    text: 'digits 0–9 of one speaker (Free Spoken Digit Dataset, CC BY-SA 4.0): recording 0 of each stored, recording 1 is new',
  },
} as const;

/**
 * A start overlap with the identified recording below this is a weak match: the dynamics always ends at some
 * stored pattern (m = 1 is no evidence), so how close the query started decides whether it matched anything.
 */
export const WEAK_START_OVERLAP = 0.3;
const SPECS = AUDIO_FORM.specs;

/** A microphone capture: mono samples and their rate. */
interface Capture {
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

/** What `audio recall` says of the query (its `extra`), and the candidates (its rows). */
interface Recalled {
  readonly identified: string;
  readonly recording: string;
  readonly label: string;
  readonly overlap: number;
  readonly margin: number;
  readonly initialOverlap: number;
  readonly state: string;
  readonly sweeps: number;
}
interface Candidate {
  readonly recording: string;
  readonly label: string;
  readonly overlap: number;
}

/** What the panel shows: the recall, the stored set's size, the query and the pictures. */
interface AudioView extends Recalled, AudioPictures {
  readonly p: number;
  readonly n: number;
  readonly query: string;
  readonly queryLabel: string;
  readonly top: readonly Candidate[];
  readonly cut: AudioCapture['cut'] | null;
  readonly buildMs: number;
}

/** The capture processor, loaded from a Blob URL: it posts each block of the first input channel. */
const WORKLET = `class Capture extends AudioWorkletProcessor {
  process(inputs) { const c = inputs[0] && inputs[0][0]; if (c) this.port.postMessage(c.slice(0)); return true; }
}
registerProcessor('hopfield-capture', Capture);`;

/** Record `seconds` of mono audio from the microphone (echo cancellation, noise suppression and gain control off). */
async function record(seconds: number, onTick: (left: number) => void): Promise<Capture> {
  if (!navigator.mediaDevices?.getUserMedia)
    throw new Error(
      'this page cannot reach a microphone (no navigator.mediaDevices: open it over http://localhost or https)',
    );
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
    });
  } catch (e) {
    const name = e instanceof DOMException ? e.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError')
      throw new Error(
        'microphone access was denied: allow it in the browser, or pick a bundled recording below',
      );
    if (name === 'NotFoundError') throw new Error('no microphone was found: pick a bundled recording below');
    throw new Error(`the microphone could not be opened (${errorText(e)})`);
  }
  const ctx = new AudioContext();
  const url = URL.createObjectURL(new Blob([WORKLET], { type: 'text/javascript' }));
  try {
    await ctx.audioWorklet.addModule(url);
    await ctx.resume();
    const src = ctx.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(ctx, 'hopfield-capture', { numberOfOutputs: 1 });
    const chunks: Float32Array[] = [];
    node.port.onmessage = (e: MessageEvent<Float32Array>) => chunks.push(e.data);
    src.connect(node);
    node.connect(ctx.destination); // silent output: keeps the node rendered
    const want = Math.round(seconds * ctx.sampleRate);
    let have = 0;
    while (have < want) {
      onTick(Math.max(0, (want - have) / ctx.sampleRate));
      await new Promise((r) => setTimeout(r, 100));
      have = chunks.reduce((s, c) => s + c.length, 0);
    }
    src.disconnect();
    node.disconnect();
    const samples = new Float32Array(have);
    let o = 0;
    for (const c of chunks) {
      samples.set(c, o);
      o += c.length;
    }
    return { samples, sampleRate: ctx.sampleRate };
  } finally {
    for (const t of stream.getTracks()) t.stop();
    URL.revokeObjectURL(url);
    void ctx.close();
  }
}

/** The query's spectrogram, low frequencies at the bottom, time to the right. */
function drawSpectrogram(c: HTMLCanvasElement, v: AudioPictures): void {
  const { frames, bins, spectrogram } = v;
  const m = new Float32Array(frames * bins);
  let hi = Number.NEGATIVE_INFINITY;
  for (const x of spectrogram) if (x > hi) hi = x;
  for (let t = 0; t < frames; t++)
    for (let k = 0; k < bins; k++) m[(bins - 1 - k) * frames + t] = spectrogram[t * bins + k];
  heatmap(c, m, bins, frames, hi - 8, hi, {
    x: [-0.5, frames - 0.5],
    y: [bins - 0.5, -0.5],
    xlabel: 'frame',
    ylabel: 'frequency bin',
    value: 'log₁₀ power',
    loLabel: 'max − 8',
    hiLabel: 'max',
  });
}

/** The panel's elements. */
function buildView(box: HTMLElement, params: URLSearchParams) {
  const form = specForm('audio', SPECS, params);
  const msg = el('p', { class: 'msg' });
  const pick = el('select', { id: 'audio-pick', name: 'pick' });
  const recordBtn = el('button', { id: 'audio-record', class: 'primary' }, 'Record from the microphone');
  const fileBtn = el('button', { id: 'audio-file' }, 'Identify the picked recording');
  const cancelBtn = el('button', { id: 'audio-cancel' }, 'Cancel');
  const setNote = el('p', { class: 'note' });
  const out = el('p', { class: 'big', id: 'audio-identified' });
  const player = el('audio', { id: 'audio-query', controls: '', preload: 'none' });
  const info = el('p', { class: 'status', id: 'audio-info' });
  const spec = el('canvas', { id: 'audio-spectrogram', width: '520', height: '240' });
  const qBits = el('canvas', { id: 'audio-bits', width: '400', height: '210', class: 'grid' });
  const sBits = el('canvas', { id: 'audio-stored-bits', width: '400', height: '210', class: 'grid' });
  const cand = el('canvas', { id: 'audio-candidates', width: '480', height: '200' });
  const candList = el('table', { class: 'pairs', id: 'audio-top' });
  box.append(
    el('h2', {}, 'Spoken numbers as memories: record, encode, retrieve'),
    form.element,
    el(
      'div',
      { class: 'buttons' },
      recordBtn,
      el('label', { class: 'field' }, el('span', {}, 'bundled recording'), pick),
      fileBtn,
      cancelBtn,
    ),
    setNote,
    msg,
    out,
    el('div', { class: 'buttons' }, el('span', {}, 'the query: '), player),
    info,
    el(
      'div',
      { class: 'row' },
      el('div', {}, el('h3', {}, 'Spectrogram of the query (log power)'), spec),
      el(
        'div',
        {},
        el('h3', {}, 'Bits of the query'),
        qBits,
        el('h3', {}, 'Bits of the identified recording'),
        sBits,
      ),
      el('div', {}, el('h3', {}, 'Final overlaps m_μ of the best candidates'), cand, candList),
    ),
  );
  return {
    form,
    msg,
    pick,
    recordBtn,
    fileBtn,
    cancelBtn,
    setNote,
    out,
    player,
    info,
    spec,
    qBits,
    sBits,
    cand,
    candList,
  };
}

type View = ReturnType<typeof buildView>;

/** Offer the recordings of `set` as picks (keeping `want` when it is one) and describe the stored set. */
function fillPicks(view: View, set: keyof typeof SETS, want: string | null): void {
  const { pick, setNote } = view;
  pick.replaceChildren(...SETS[set].picks().map((f) => el('option', { value: f.name }, f.name)));
  if (want && [...pick.options].some((o) => o.value === want)) pick.value = want;
  setNote.textContent = `Stored: ${SETS[set].text}.`;
}

/** Show the identification: text, spectrogram, bit patterns and candidates. */
function showResult(view: View, v: AudioView): void {
  const { out, info, spec, qBits, sBits, cand, candList } = view;
  const weak = v.initialOverlap < WEAK_START_OVERLAP;
  out.textContent =
    `identified: ${v.identified}  (m = ${v.overlap.toFixed(3)})` +
    (weak ? ' — weak match: probably none of the stored recordings' : '');
  out.dataset.state = v.state;
  out.dataset.weak = weak ? '1' : '0';
  info.textContent =
    `query ${v.query}${v.queryLabel ? ` (label ${v.queryLabel}${v.queryLabel === v.identified ? ', correct' : ', wrong'})` : ''}, ` +
    `${v.seconds.toFixed(2)} s${v.cut ? ` cut from ${v.cut.start.toFixed(2)}–${v.cut.end.toFixed(2)} s of a ${v.cut.captured.toFixed(1)} s capture` : ''}. ` +
    `Stored P = ${v.p} recordings as N = ${v.n} bits (α = ${(v.p / v.n).toFixed(3)}). ` +
    `Reached ${v.recording} after ${v.sweeps} sweep${v.sweeps === 1 ? '' : 's'}: overlap ${v.overlap.toFixed(3)} (${v.state}), ` +
    `start overlap ${v.initialOverlap.toFixed(3)} (a weak match below ${WEAK_START_OVERLAP}: the dynamics always ends at some stored pattern, so m = 1 alone proves nothing), margin ${v.margin.toFixed(3)} to the runner-up.` +
    (v.buildMs > 0 ? ` Memory built in ${(v.buildMs / 1000).toFixed(1)} s.` : '');
  drawSpectrogram(spec, v);
  for (const [c, bits] of [
    [qBits, v.queryBits],
    [sBits, v.storedBits],
  ] as const)
    heatmap(c, bits, v.rows, v.cols, -1, 1, {
      x: [0.5, v.cols + 0.5],
      y: [0.5, v.rows + 0.5],
      xlabel: 'column',
      ylabel: 'row',
      value: 'bit',
      loLabel: '−1',
      hiLabel: '+1',
    });
  bars(
    cand,
    v.top.map((t) => t.overlap),
    { ymin: Math.min(0, ...v.top.map((t) => t.overlap)), ymax: 1, xlabel: 'rank', ylabel: 'm' },
    0,
    1,
  );
  candList.replaceChildren(
    el('tr', {}, el('th', {}, 'rank'), el('th', {}, 'recording'), el('th', {}, 'label'), el('th', {}, 'm')),
    ...v.top.map((t, k) =>
      el(
        'tr',
        {},
        el('td', {}, String(k + 1)),
        el('td', {}, t.recording),
        el('td', {}, t.label),
        el('td', {}, t.overlap.toFixed(3)),
      ),
    ),
  );
  window.playground.results.audio = {
    query: v.query,
    queryLabel: v.queryLabel,
    identified: v.identified,
    recording: v.recording,
    overlap: v.overlap,
    margin: v.margin,
    initialOverlap: v.initialOverlap,
    state: v.state,
    weak,
    weakThreshold: WEAK_START_OVERLAP,
    sweeps: v.sweeps,
    n: v.n,
    p: v.p,
    cut: v.cut,
  };
}

/** Let the page play the query (its WAV bytes). */
function playable(player: HTMLAudioElement, query: LoadedFile): void {
  if (player.src.startsWith('blob:')) URL.revokeObjectURL(player.src);
  player.src = URL.createObjectURL(new Blob([query.bytes as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }));
}

/** The bytes of a bundled file. */
async function fetched(f: AudioFile): Promise<LoadedFile> {
  const r = await fetch(f.url);
  if (!r.ok) throw new Error(`${f.name}: HTTP ${r.status}`);
  return { name: f.name, bytes: new Uint8Array(await r.arrayBuffer()) };
}

/** Stored sets by (set, feature, rule): the model file `audio store` wrote, P, N and the time it took. */
const models = new Map<string, { model: LoadedFile; p: number; n: number; ms: number }>();

/** The model of the form's stored set, stored by `audio store` in the worker on first use. */
async function storedModel(compute: Compute, v: ReturnType<View['form']['read']>, say: (t: string) => void) {
  const key = `${v.set}/${v.feature}/${v.rule}`;
  const known = models.get(key);
  if (known) return { ...known, ms: 0 };
  const t0 = performance.now();
  const stored = SETS[v.set].stored();
  say(`fetching ${stored.length} recordings`);
  const files = await Promise.all(stored.map(fetched));
  say(`encoding and storing ${files.length} recordings`);
  const r = await compute.run(
    'audio.store',
    { dir: { name: v.set, files }, feature: v.feature, rule: v.rule },
    v.seed,
  );
  const extra = r.extra as { p: number; n: number };
  const model = { name: `${key}.json`, bytes: new TextEncoder().encode(String(r.files[0].content)) };
  const m = { model, p: extra.p, n: extra.n, ms: performance.now() - t0 };
  models.set(key, m);
  return m;
}

/** The query: the picked bundled file, or a capture cut to its utterance (in the worker) as WAV bytes. */
async function queryOf(
  view: View,
  compute: Compute,
  v: ReturnType<View['form']['read']>,
  source: 'record' | 'file',
): Promise<{ query: LoadedFile; cut: AudioCapture['cut'] | null }> {
  if (source === 'file') {
    const f = SETS[v.set].picks().find((x) => x.name === view.pick.value);
    if (!f) throw new Error('pick a bundled recording first');
    return { query: await fetched(f), cut: null };
  }
  const c = await record(v.seconds, (left) =>
    message(view.msg, `recording… say a number (${left.toFixed(1)} s left)`),
  );
  const u = await compute.call<AudioCapture>('audio.capture', c, undefined, [
    c.samples.buffer as ArrayBuffer,
  ]);
  return { query: { name: 'microphone.wav', bytes: u.wav }, cut: u.cut };
}

/** Record or load the query, identify it in the worker and show the result. */
async function identifyOnce(
  box: HTMLElement,
  view: View,
  compute: Compute,
  source: 'record' | 'file',
): Promise<void> {
  const v = view.form.read();
  writeHash('audio', { ...v, pick: view.pick.value });
  box.dataset.state = 'running';
  const { query, cut } = await queryOf(view, compute, v, source);
  playable(view.player, query);
  const say = (t: string) => message(view.msg, `${t}…`);
  const { model, p, n, ms } = await storedModel(compute, v, say);
  say('identifying');
  const recall = await compute.run<Candidate>(
    'audio.recall',
    { model, wav: query, flip: v.flip, sweeps: v.sweeps, top: 10 },
    v.seed,
  );
  const got = recall.extra as unknown as Recalled;
  const pictures = await compute.call<AudioPictures>('audio.pictures', {
    model,
    wav: query,
    recording: got.recording,
  });
  const r: AudioView = {
    ...got,
    ...pictures,
    p,
    n,
    query: cut ? 'microphone' : query.name,
    queryLabel: cut ? '' : got.label,
    top: recall.rows,
    cut,
    buildMs: ms,
  };
  showResult(view, r);
  message(view.msg, '');
  box.dataset.state = 'done';
}

export const audioPanel: Panel = {
  id: 'audio',
  title: 'Audio',
  mount(box, { compute, params }) {
    const view = buildView(box, params);
    const { form, msg, recordBtn, fileBtn, cancelBtn } = view;
    const setSelect = form.fields.set.element.querySelector('select') as HTMLSelectElement;
    fillPicks(view, form.fields.set.value() as keyof typeof SETS, params.get('pick'));
    setSelect.addEventListener('change', () => fillPicks(view, setSelect.value as keyof typeof SETS, null));

    const fail = failHandler(box, msg);
    let busy = false;
    const run = async (source: 'record' | 'file') => {
      if (busy) return;
      busy = true;
      try {
        await identifyOnce(box, view, compute, source);
      } catch (e) {
        fail(e);
      } finally {
        busy = false;
      }
    };

    recordBtn.addEventListener('click', () => void run('record'));
    fileBtn.addEventListener('click', () => void run('file'));
    cancelBtn.addEventListener('click', () => {
      compute.cancel();
      busy = false;
      message(msg, 'cancelled');
      box.dataset.state = 'ready';
    });
    box.dataset.state = 'ready';
    if (params.get('autorun') === 'file') void run('file');
    return () => {};
  },
};
