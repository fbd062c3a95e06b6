/**
 * The Potts settings of the report's protein section: the family's defaults with plmDCA's strengths
 * (λ_h = λ_J = 0.01 on normalized weights; paper 000's Fig. 6 setting, named in the section's intro), so that the
 * quick report's subsets train under the same prior as the full alignments.
 */
import { POTTS_DEFAULTS, POTTS_REGULARIZATION_DEFAULTS } from '../../experiments/potts/run.js';

export const REPORT_POTTS = {
  ...POTTS_DEFAULTS,
  regularization: 'plmdca' as const,
  ...POTTS_REGULARIZATION_DEFAULTS.plmdca,
};
