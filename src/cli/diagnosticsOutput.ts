/**
 * Findings as the CLI prints them: 1-based line/column, in text and JSON.
 */
import type { Finding, LineIndex } from '../core/findings';

/** A finding with 1-based positions, the CLI's JSON shape. */
export interface CliDiagnostic {
  severity: Finding['severity'];
  code: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function toCliDiagnostic(finding: Finding, lines: LineIndex): CliDiagnostic {
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

/** `path:line:column: severity CODE message` — the format editors and CI logs link to. */
export function formatDiagnosticLine(path: string, d: CliDiagnostic): string {
  return `${path}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`;
}
