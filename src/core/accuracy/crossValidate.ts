import type { ParsedCase } from './cases';
import { fitCases, sourceFamily } from './fit';
import { scoreCases, type CaseReport } from './report';
import { parseCalibration } from '../estimate/calibration';

/**
 * Leave-one-source-out: for each publication, fits every parameter from `priors` on the cases of
 * all other publications (coordinate descent, `rounds` rounds), then predicts that publication's
 * cases with the fold's calibration. What a user should expect on measurements the fit has not
 * seen; docs/accuracy.md publishes it and the unit suite holds it.
 */
export function crossValidate(
  cases: ParsedCase[],
  priors: Record<string, unknown>,
  rounds = 4,
): { folds: number; cases: CaseReport[] } {
  const families = [...new Set(cases.map((c) => sourceFamily(c.source)))];
  const reports: CaseReport[] = [];
  for (const f of families) {
    const held = cases.filter((c) => sourceFamily(c.source) === f);
    const rest = cases.filter((c) => sourceFamily(c.source) !== f);
    const fold = fitCases(rest, priors, rounds);
    reports.push(...scoreCases(held, parseCalibration(fold.json)).cases);
  }
  return { folds: families.length, cases: reports };
}
