/** The sections of the HTML report, in order. Each family of models adds one line. */
import type { ReportSection } from '../types.js';
import { audioSection } from './audio.js';
import { classicalSection } from './classical.js';
import { denseSection } from './dense.js';
import { lagrangianSection } from './lagrangian.js';
import { proteinSection } from './protein.js';
import { pseudoLikelihoodSection } from './pseudolikelihood.js';
import { theorySection } from './theory.js';

export const reportSections: readonly ReportSection[] = [
  classicalSection,
  denseSection,
  lagrangianSection,
  pseudoLikelihoodSection,
  proteinSection,
  audioSection,
  theorySection,
];
