/** The sections of the HTML report, in order. Each family of models adds one line. */
import type { ReportSection } from '../types.js';
import { classicalSection } from './classical.js';

export const reportSections: readonly ReportSection[] = [classicalSection];
