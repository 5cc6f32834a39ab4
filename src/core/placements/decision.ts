import type { PlacementReport } from '../report/types';

/** A placement as the decision sees it: its report and whether every price behind its cost is known. */
export interface DecisionCandidate {
  report: PlacementReport;
  priced: boolean;
}

/** The deployment's answer: the recommendation, and the cheapest passing placement that serves another model. */
export interface Decision {
  /** The cheapest passing, fully priced placement that serves the deployment's own model. */
  recommended?: string;
  /** Cheaper than `recommended` (or the only passing one) but serving a different model: a different product. */
  cheapestWithOtherModel?: { name: string; model: string };
}

/**
 * Picks the ★ recommendation. A placement that overrides the model serves a different product (a smaller model
 * answers differently), so it is never the recommendation for the deployment's model; it is named apart when it is
 * cheaper than the recommendation, so the trade-off stays visible.
 */
export function decide(candidates: readonly DecisionCandidate[], deploymentModel: string): Decision {
  const passing = candidates
    .filter((c) => c.report.verdict === 'pass' && c.priced)
    .sort((a, b) => a.report.cost.monthlyUsd - b.report.cost.monthlyUsd);
  const servesOwnModel = (c: DecisionCandidate): boolean => (c.report.model ?? deploymentModel) === deploymentModel;
  const own = passing.find(servesOwnModel);
  const other = passing.find((c) => !servesOwnModel(c));
  const otherIsCheaper = other && (!own || other.report.cost.monthlyUsd < own.report.cost.monthlyUsd);
  return {
    ...(own ? { recommended: own.report.name } : {}),
    ...(other && otherIsCheaper
      ? { cheapestWithOtherModel: { name: other.report.name, model: other.report.model ?? '' } }
      : {}),
  };
}
