/**
 * The vendored measurements, in the order docs/accuracy.md lists them: the project's shared set,
 * then the sets collected for estimator 2.0 (issue 16 item 5). Every script that reads "the
 * calibration cases" reads these.
 */
export const CASE_FILES = ['cases.yaml', 'more-serving.yaml', 'more-local.yaml', 'memory.yaml'] as const;
