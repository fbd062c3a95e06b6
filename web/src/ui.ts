/** Small DOM helpers of the playground: elements, permalinks, forms generated from the registry's specs. */

import guideText from '../../docs/playground.md?raw';
import {
  type ConfigOf,
  checkParam,
  kebab,
  type ParamSpec,
  type ParamSpecs,
  seed,
} from '../../src/experiments/params.js';
import { Cancelled } from './rpc.js';

/** Create an element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

/** The panel id and parameters of the address hash `#panel?k=v&…`. */
export function readHash(): { panel: string; params: URLSearchParams } {
  const h = location.hash.replace(/^#/, '');
  const q = h.indexOf('?');
  return q < 0
    ? { panel: h, params: new URLSearchParams() }
    : { panel: h.slice(0, q), params: new URLSearchParams(h.slice(q + 1)) };
}

/** State a panel keeps in its permalink beside the form values (drawn patterns, say), by panel. */
const hashExtras = new Map<string, Record<string, string>>();

/** Keep `value` under `key` in the panel's permalink (undefined removes it); the address is rewritten now. */
export function setHashExtra(panel: string, key: string, value: string | undefined): void {
  const extras = { ...(hashExtras.get(panel) ?? {}) };
  if (value === undefined) delete extras[key];
  else extras[key] = value;
  hashExtras.set(panel, extras);
  const { panel: shown, params } = readHash();
  if (shown !== panel) return;
  if (value === undefined) params.delete(key);
  else params.set(key, value);
  history.replaceState(null, '', `#${panel}?${params.toString()}`);
}

/**
 * Write the panel's parameters (and its extras) into the hash (no new history entry, no reload); a parameter left
 * out (undefined) is not written. Lists are written comma-separated, as they are typed.
 */
export function writeHash(panel: string, values: Record<string, unknown>): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) q.set(k, String(v));
  for (const [k, v] of Object.entries(hashExtras.get(panel) ?? {})) q.set(k, v);
  history.replaceState(null, '', `#${panel}?${q.toString()}`);
}

/** A message line in the panel (errors in red); never throws. */
export function message(box: HTMLElement, text: string, kind: 'info' | 'error' = 'info'): void {
  box.textContent = text;
  box.dataset.kind = kind;
}

/** A form field generated from a parameter spec (choice → select, int/num → number input, flag → checkbox). */
export interface SpecField {
  readonly name: string;
  readonly element: HTMLElement;
  /** The current value, checked by the spec (throws a ParamError naming the parameter). */
  value(): unknown;
  set(v: string): void;
}

/** Build a labelled input for `spec`; the initial value comes from `initial` (text) or the spec's default. */
export function specField(
  name: string,
  spec: ParamSpec,
  initial: string | null,
  label = kebab(name),
  onChange?: () => void,
): SpecField {
  let input: HTMLInputElement | HTMLSelectElement;
  if (spec.kind === 'choice') {
    const sel = el('select', { name });
    for (const c of spec.choices) sel.append(el('option', { value: c }, c));
    input = sel;
  } else if (spec.kind === 'flag') {
    input = el('input', { type: 'checkbox', name });
  } else if (spec.kind !== 'int' && spec.kind !== 'num') {
    input = el('input', { type: 'text', name, size: '18' });
  } else {
    input = el('input', { type: 'number', name, step: spec.kind === 'int' ? '1' : 'any' });
    const b = 'bounds' in spec ? spec.bounds : undefined;
    if (b?.min !== undefined) input.min = String(b.min);
    if (b?.max !== undefined) input.max = String(b.max);
  }
  const set = (v: string) => {
    if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = v === 'true';
    else input.value = v;
  };
  if (initial !== null) set(initial);
  else if (spec.default !== undefined)
    set(Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default));
  input.title = spec.help;
  if (onChange) input.addEventListener('change', onChange);
  const wrap = el('label', { class: `field field-${name}` }, el('span', {}, label), input);
  return {
    name,
    element: wrap,
    set,
    value() {
      if (input instanceof HTMLInputElement && input.type === 'checkbox')
        return checkParam(name, spec, input.checked);
      return checkParam(name, spec, input.value === '' ? undefined : input.value);
    },
  };
}

/** The error text of a bad parameter or a failed operation (ParamError messages name the parameter). */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A panel's error handler: ignores cancellations, shows the error in `msg` and marks `box` as failed. */
export function failHandler(box: HTMLElement, msg: HTMLElement): (e: unknown) => void {
  return (e) => {
    if (e instanceof Cancelled) return;
    message(msg, errorText(e), 'error');
    box.dataset.state = 'error';
  };
}

/** A fresh seed for the "new seed" button, within the seed spec's bounds (the form starts at its default). */
export function freshSeed(): number {
  return Math.floor(Math.random() * ((seed.bounds.max ?? 0) + 1));
}

/** The heading of each panel's part of docs/playground.md. */
const GUIDE_HEADINGS: Readonly<Record<string, string>> = {
  classical: 'Classical',
  phase: 'Phase diagram',
  dense: 'Dense memory',
  pl: 'Pseudo-likelihood',
  audio: 'Audio',
  proteins: 'Proteins',
};

/** The text of a panel's guide (its `### Heading` section of docs/playground.md), or '' when there is none. */
export function guideOf(panel: string): string {
  const heading = GUIDE_HEADINGS[panel];
  if (!heading) return '';
  const lines = guideText.split('\n');
  const start = lines.findIndex((l) => l.trim() === `### ${heading}`);
  if (start < 0) return '';
  const end = lines.findIndex((l, k) => k > start && /^#{2,3} /.test(l));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim();
}

/** The guide as a folded block: paragraphs of the markdown as plain text (`code` kept as code). */
function guideElement(panel: string): HTMLElement | null {
  const text = guideOf(panel);
  if (!text) return null;
  const body = el('div', { class: 'guide-body' });
  for (const para of text.split(/\n\s*\n/)) {
    const p = el('p');
    para.split(/(`[^`]+`)/).forEach((part) => {
      if (part.startsWith('`') && part.endsWith('`')) p.append(el('code', {}, part.slice(1, -1)));
      else
        p.append(
          part
            .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
            .replace(/\*\*|\[([^\]]*)\]\([^)]*\)/g, (_m, t) => t ?? ''),
        );
    });
    body.append(p);
  }
  return el(
    'details',
    { class: 'guide', id: `${panel}-guide` },
    el('summary', {}, 'guide (docs/playground.md)'),
    body,
  );
}

/** A form of fields generated from a set of specs; `read()` checks every value and writes the permalink. */
export interface SpecForm<S extends ParamSpecs> {
  readonly fields: { [K in keyof S]: SpecField };
  readonly element: HTMLElement;
  read(): ConfigOf<S>;
}

/** Build the form of `specs` for panel `panel`, initial values from the address (seed: fresh when absent). */
export function specForm<S extends ParamSpecs>(
  panel: string,
  specs: S,
  params: URLSearchParams,
): SpecForm<S> {
  const fields = {} as { [K in keyof S]: SpecField };
  // Every value, the seed included, starts at the address or the spec's default: a first run is reproducible.
  for (const [k, s] of Object.entries(specs) as [keyof S & string, ParamSpec][])
    fields[k] = specField(k, s, params.get(k));
  const controls = el(
    'div',
    { class: 'controls' },
    ...Object.values<SpecField>(fields).map((f) => f.element),
  );
  const tools = el('div', { class: 'form-tools' });
  if ('seed' in fields) {
    const again = el('button', { type: 'button', id: `${panel}-new-seed` }, 'new seed');
    again.addEventListener('click', () => {
      (fields as Record<string, SpecField>).seed.set(String(freshSeed()));
      controls.dispatchEvent(new Event('change', { bubbles: true }));
    });
    tools.append(again);
  }
  const reset = el('button', { type: 'button', id: `${panel}-reset` }, 'reset to defaults');
  reset.addEventListener('click', () => {
    for (const [k, s] of Object.entries(specs) as [keyof S & string, ParamSpec][])
      fields[k].set(
        s.default === undefined ? '' : Array.isArray(s.default) ? s.default.join(',') : String(s.default),
      );
    controls.dispatchEvent(new Event('change', { bubbles: true }));
  });
  tools.append(reset);
  const guide = guideElement(panel);
  const element = el('div', { class: 'form' }, controls, tools, ...(guide ? [guide] : []));
  return {
    fields,
    element,
    read() {
      const v: Record<string, unknown> = {};
      for (const [k, f] of Object.entries<SpecField>(fields)) v[k] = f.value();
      writeHash(panel, v);
      return v as ConfigOf<S>;
    },
  };
}
