/**
 * Accuracy of the estimator against measured cases (pure: text in, report out).
 */
export { parseCases } from './cases';
export { predictCase } from './predict';
export { runAccuracy, scoreCases, summarizeReports, formatAccuracyText, type CaseReport } from './report';
