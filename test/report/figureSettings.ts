/** The settings of every report figure without running it (declared figures: their quick config). */
import { POTTS_DEFAULTS } from '../../src/experiments/potts/run.js';
import { figureConfig } from '../../src/report/run.js';
import { reportSections } from '../../src/report/sections/index.js';
import type { SectionDecl } from '../../src/report/types.js';

/** Every declared figure of the report with its quick settings, and the built protein figures' settings. */
export function reportFigureSettings(): { id: string; settings: Record<string, unknown> }[] {
  const out: { id: string; settings: Record<string, unknown> }[] = [];
  for (const s of reportSections)
    if ('figures' in s)
      for (const f of (s as SectionDecl).figures)
        out.push({
          id: f.id,
          settings: {
            ...figureConfig(f, true),
            ...(f.series ? { [f.series.param]: f.series.values } : {}),
            seed: 12345,
          },
        });
  const potts = { ...POTTS_DEFAULTS, m: 500, mEff: 200 };
  out.push(
    { id: 'protein-fig6-0', settings: { alignment: 'PF00014.fasta.gz', alphas: [0.1, 1, 10], ...potts } },
    { id: 'protein-contacts', settings: { ...potts, maxIterations: 25 } },
    { id: 'protein-sampling', settings: { sampler: 'gibbs', temperature: 1, chains: 4 } },
    { id: 'protein-sampling-models', settings: { ...potts, samples: 1000, burnIn: 1000, chains: 4 } },
    { id: 'protein-tem1-mutants', settings: { alignment: 'PF13354_betalactamase.fasta.gz', ...potts } },
  );
  return out;
}
