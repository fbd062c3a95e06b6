/**
 * The Potts settings of the report's protein section: the family's defaults with the `scaled` convention at plmDCA's
 * strengths (λ_h = λ_J = 0.01 on normalized weights, λ_J raised to 0.01·(L − 1)·q/M_eff below M_eff = (L − 1)·q), the
 * setting every number quoted in the section's captions and constants was measured with. On the full alignments
 * (all deep) it trains the same models as the default `auto`; the quick report's subsets are shallow, where `auto`
 * would switch to plmc's priors and change the quoted numbers.
 */
import { POTTS_DEFAULTS, POTTS_REGULARIZATION_DEFAULTS } from '../../experiments/potts/run.js';

export const REPORT_POTTS = {
  ...POTTS_DEFAULTS,
  regularization: 'scaled' as const,
  ...POTTS_REGULARIZATION_DEFAULTS.scaled,
};
