import type { ParsedCase } from './cases';
import { fitCases, isMemoryCase, sourceFamily, withBandsOf } from './fit';
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
  // A publication of memory figures only leaves every performance case in: its fold's parameters
  // are those of the fit on all performance cases (computed once), with the fold's own bands.
  let performanceFit: Record<string, unknown> | undefined;
  for (const f of families) {
    const held = cases.filter((c) => sourceFamily(c.source) === f);
    const rest = cases.filter((c) => sourceFamily(c.source) !== f);
    let json: Record<string, unknown>;
    if (held.every(isMemoryCase)) {
      performanceFit ??= fitCases(
        cases.filter((c) => !isMemoryCase(c)),
        priors,
        rounds,
      ).json;
      json = withBandsOf(rest, performanceFit);
    } else json = fitCases(rest, priors, rounds).json;
    reports.push(...scoreCases(held, parseCalibration(json)).cases);
  }
  return { folds: families.length, cases: reports };
}
