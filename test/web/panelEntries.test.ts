/**
 * The page runs the registry's entries: every computation a playground panel shows is named by a registry id
 * (web/src/panels/forms.ts lists them, and a panel's source runs no other id), and every form field that sets an
 * entry's parameter has that entry's bounds, choices and kind — derived, so a bound re-declared in the page fails
 * here. The seed is the one seed spec of every surface (the command line's `--seed` too); the remaining fields are
 * declared as drawing and interaction only and are sent to no entry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ParamSpec, parseParam, seed } from '../../src/experiments/params.js';
import { findExperiment } from '../../src/experiments/registry/index.js';
import { PANEL_FORMS } from '../../web/src/panels/forms.js';
import { ROOT } from './browser.js';

const forms = Object.entries(PANEL_FORMS) as [
  string,
  {
    specs: Record<string, ParamSpec>;
    runs: readonly { id: string; fields: Readonly<Record<string, string>> }[];
    interaction: readonly string[];
  },
][];

/** The registry ids each panel runs: the list this test keeps (a changed panel changes it here too). */
const EXPECTED: Record<string, string[]> = {
  classical: [],
  phase: ['phase-diagram', 'theory.ags-phase-diagram'],
  dense: ['dense.end-distance'],
  pl: ['pl.compare'],
  audio: ['audio.store', 'audio.recall'],
  proteins: ['potts.train', 'potts.contacts'],
};

/** What a form field must share with the entry's spec: its kind (one value of a list is its element), bounds, choices. */
function shape(s: ParamSpec): Record<string, unknown> {
  const kind = s.kind === 'numList' ? (s.bounds.integer ? 'int' : 'num') : s.kind;
  return {
    kind,
    bounds: 'bounds' in s ? s.bounds : undefined,
    choices: 'choices' in s ? s.choices : undefined,
    optional: s.optional ?? false,
  };
}

/** A form field for a list parameter may show the list or one value of it (sent as a list of one). */
function expectSameSpec(field: ParamSpec, param: ParamSpec, where: string): void {
  const f = shape(field);
  const p = shape(param);
  if (field.kind !== 'numList' && param.kind === 'numList') expect(f, where).toEqual(p);
  else expect({ ...f, kind: field.kind }, where).toEqual({ ...p, kind: param.kind });
  expect(field.help, where).toBe(param.help);
}

describe('every playground panel runs registry entries with their specs', () => {
  it('lists every panel of the page, and each panel runs the ids listed here', () => {
    const main = readFileSync(join(ROOT, 'web', 'src', 'main.ts'), 'utf8');
    const mounted = [...main.matchAll(/import \{ (\w+)Panel \} from '\.\/panels\/(\w+)\.js'/g)].map(
      (m) => m[2],
    );
    expect(mounted.sort()).toEqual(Object.keys(PANEL_FORMS).sort());
    for (const [panel, form] of forms)
      expect(
        form.runs.map((r) => r.id),
        panel,
      ).toEqual(EXPECTED[panel]);
  });

  it('every id is a registry entry, and every field of a run is a parameter of that entry', () => {
    for (const [panel, form] of forms)
      for (const run of form.runs) {
        const entry = findExperiment(run.id);
        expect(entry, `${panel}: ${run.id}`).toBeDefined();
        for (const [field, param] of Object.entries(run.fields)) {
          const where = `${panel} field ${field} → ${run.id} --${param}`;
          expect(form.specs[field], where).toBeDefined();
          expect(entry?.params[param], where).toBeDefined();
          expectSameSpec(form.specs[field], entry?.params[param] as ParamSpec, where);
        }
      }
  });

  it('a re-declared bound fails the comparison', () => {
    const entry = findExperiment('pl.compare');
    const n = entry?.params.n as ParamSpec & { bounds: object };
    const redeclared = { ...n, bounds: { ...n.bounds, max: 4096 } } as ParamSpec;
    expect(() => expectSameSpec(redeclared, n, 'n')).toThrow();
  });

  it('the seed of every panel is the one seed spec, the one the command line parses', () => {
    for (const [panel, form] of forms) if ('seed' in form.specs) expect(form.specs.seed, panel).toBe(seed);
    expect(parseParam('seed', seed, '4294967295')).toBe(4294967295);
    expect(() => parseParam('seed', seed, '4294967296')).toThrow(
      /seed must be an integer ≥ 0 and ≤ 4294967295/,
    );
  });

  it('every other field is declared drawing and interaction only, and is sent to no entry', () => {
    for (const [panel, form] of forms) {
      const ran = new Set(form.runs.flatMap((r) => Object.keys(r.fields)));
      for (const field of Object.keys(form.specs))
        if (field !== 'seed' && !ran.has(field))
          expect(form.interaction, `${panel}: field ${field} runs no entry`).toContain(field);
      for (const field of form.interaction)
        expect(ran.has(field), `${panel}: interaction field ${field} is sent to an entry`).toBe(false);
    }
  });

  it("a panel's source runs only the ids its form lists, through the one generic message", () => {
    const dir = join(ROOT, 'web', 'src', 'panels');
    for (const file of readdirSync(dir)) {
      const panel = file.replace(/\.ts$/, '');
      const src = readFileSync(join(dir, file), 'utf8');
      const ran = [...src.matchAll(/\.run(?:<[^>]*>)?\(\s*'([^']+)'/g)].map((m) => m[1]);
      if (!(panel in PANEL_FORMS)) {
        expect(ran, file).toEqual([]);
        continue;
      }
      const listed = EXPECTED[panel];
      for (const id of ran) expect(listed, `${file} runs ${id}`).toContain(id);
      expect(new Set(ran), file).toEqual(new Set(listed));
      // the old per-experiment messages are gone: experiments run by id only
      expect(src, file).not.toMatch(
        /'experiment\.run'|'(pl\.train|proteins\.train|audio\.identify|theory\.agsLines)'/,
      );
    }
  });
});
