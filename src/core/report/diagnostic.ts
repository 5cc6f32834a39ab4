/**
 * A finding as reports carry it: 1-based line and column (CLI text and JSON, Markdown, SARIF).
 */
import type { Finding, LineIndex } from '../findings';
import type { FileReport } from './types';

export type ReportDiagnostic = FileReport['diagnostics'][number];

export function toReportDiagnostic(finding: Finding, lines: LineIndex): ReportDiagnostic {
  const start = lines.positionAt(finding.range.start);
  const end = lines.positionAt(finding.range.end);
  return {
    severity: finding.severity,
    code: finding.code,
    message: finding.message,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}
