/**
 * Accuracy of the estimator against measured cases (pure: text in, report out).
 */
export { parseCases, CaseSchema, METRICS, type CaseInput, type ParsedCase, type ParsedCases, type Metric } from './cases';
export { predictCase, metricValue, type Prediction } from './predict';
export { runAccuracy, scoreCases, formatAccuracyText, quantile, type AccuracyReport, type CaseReport, type MetricSummary } from './report';
