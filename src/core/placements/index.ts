/**
 * Placements: on-prem, cloud, hybrid and edge — daily load, economics, SLOs, sizing, the
 * comparison report and the hardware recommender. See docs/placements.md.
 */
export { evaluateDocument, evaluateText, toFileReport, type DocumentEvaluation, type EvaluateDocumentOptions, type FileEvaluation } from './document';
export { evaluatePlacement, evaluationContext, type EstimateDefaults, type EvaluationContext, type PlacementEvaluation, type PlacementIssue } from './evaluatePlacement';
export { recommend, type Recommendation, type RecommendOptions, type RecommendResult } from './recommend';
export { dailyLoad, shapeExponent, OFFICE_HOURS_SHAPE, type LoadProfile } from './load';
export { ownedCost, rentedCost, usdPerMillionTokens, DAYS_PER_MONTH, DEFAULT_IDLE_FRACTION, EDGE_DEFAULT_PUE, REFERENCE } from './economics';
export { newSizingCache, replicasFor, MAX_REPLICAS, type SizingCache } from './sizing';
