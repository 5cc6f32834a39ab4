/**
 * Findings as the CLI prints them in text: `path:line:column: severity CODE message`.
 */
import type { ReportDiagnostic } from '../core/report/diagnostic';

/** `path:line:column: severity CODE message` — the format editors and CI logs link to. */
export function formatDiagnosticLine(path: string, d: ReportDiagnostic): string {
  return `${path}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`;
}
