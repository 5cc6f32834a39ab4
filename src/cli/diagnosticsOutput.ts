/**
 * Findings as the CLI prints them in text: `path:line:column: severity CODE message`.
 */
import type { ReportDiagnostic } from '../core/report/diagnostic';
import { oneLine } from './terminal';

/**
 * `path:line:column: severity CODE message` — the format editors and CI logs link to. Messages
 * quote keys and values from the file: folded to one line, so a finding stays one log line.
 */
export function formatDiagnosticLine(path: string, d: ReportDiagnostic): string {
  return `${oneLine(path)}:${d.line}:${d.column}: ${d.severity} ${d.code} ${oneLine(d.message)}`;
}
