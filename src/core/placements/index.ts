/**
 * Placements: on-prem, cloud, hybrid and edge — daily load, economics, SLOs, sizing, the
 * comparison report and the hardware recommender. See docs/placements.md.
 */
export { evaluateDocument, evaluateText, toFileReport, type FileEvaluation } from './document';
export { type EstimateDefaults } from './evaluatePlacement';
export { recommend, type Recommendation, type RecommendResult } from './recommend';
export { newSizingCache } from './sizing';
