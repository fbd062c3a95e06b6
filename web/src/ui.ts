/** Small DOM helpers of the playground: elements, permalinks, forms generated from the registry's specs. */
import {
  type ConfigOf,
  checkParam,
  kebab,
  type ParamSpec,
  type ParamSpecs,
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

/** Write the panel's parameters into the hash (no new history entry, no reload). */
export function writeHash(panel: string, values: Record<string, string | number | boolean>): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) q.set(k, String(v));
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
  const wrap = el('label', { class: 'field' }, el('span', {}, label), input);
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

/** A seeded-looking integer for a fresh run when the address gives none. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
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
  for (const [k, s] of Object.entries(specs) as [keyof S & string, ParamSpec][]) {
    fields[k] = specField(k, s, params.get(k) ?? (k === 'seed' ? String(freshSeed()) : null));
  }
  const element = el('div', { class: 'controls' }, ...Object.values<SpecField>(fields).map((f) => f.element));
  return {
    fields,
    element,
    read() {
      const v: Record<string, unknown> = {};
      for (const [k, f] of Object.entries<SpecField>(fields)) v[k] = f.value();
      writeHash(panel, v as Record<string, string | number | boolean>);
      return v as ConfigOf<S>;
    },
  };
}
