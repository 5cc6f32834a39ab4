/**
 * `llm-sizing validate FILE... [--format text|json] [--force] [--max-file-size KB]`
 * Exit 0 when no file has errors (warnings allowed), 2 when any has, or on usage errors.
 */
import { validateText } from '../../core/validate';
import { matchesDeploymentGlobs } from '../../core/parse/globs';
import { ExitCode, type CliCommand } from '../io';
import { fileCharLimit, formatOption, inputOptions, INPUT_FLAGS, INPUT_VALUED, parseArgs, UsageError } from '../args';
import { formatDiagnosticLine } from '../diagnosticsOutput';
import { forOutput } from '../terminal';
import { catalogForFile } from '../fileCatalog';
import { toReportDiagnostic, type ReportDiagnostic } from '../../core/report/diagnostic';

export const validateCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['format', ...INPUT_VALUED], INPUT_FLAGS);
  const format = formatOption(parsed, ['text', 'json'] as const, 'text');
  if (parsed.files.length === 0) throw new UsageError('validate needs at least one FILE');
  const input = inputOptions(parsed);
  const files: Array<{ path: string; diagnostics: ReportDiagnostic[]; deploymentDocuments: number; error?: string }> = [];
  let invalid = false;
  for (const path of parsed.files) {
    let text: string;
    try {
      text = io.readFile(path, fileCharLimit(input));
    } catch (error) {
      invalid = true;
      files.push({ path, diagnostics: [], deploymentDocuments: 0, error: (error as Error).message });
      continue;
    }
    const options = { forceDeployment: input.force || matchesDeploymentGlobs(path), ...(input.maxFileChars !== undefined ? { maxFileChars: input.maxFileChars } : {}) };
    const result = validateText(text, { ...options, catalog: await catalogForFile(path, text, options, undefined, (line) => io.stderr(`${line}\n`)) });
    const diagnostics = result.findings.map((f) => toReportDiagnostic(f, result.file.lineIndex));
    if (diagnostics.some((d) => d.severity === 'error')) invalid = true;
    files.push({ path, diagnostics, deploymentDocuments: result.documents.filter((d) => d.analysed).length });
  }
  if (format === 'json') {
    io.stdout(JSON.stringify({ files }, null, 2) + '\n');
  } else {
    for (const file of files) {
      if (file.error) {
        io.stderr(`${file.path}: ${file.error}\n`);
        continue;
      }
      for (const d of file.diagnostics) io.stdout(forOutput(formatDiagnosticLine(file.path, d) + '\n', format));
      const errors = file.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = file.diagnostics.filter((d) => d.severity === 'warning').length;
      const note = file.deploymentDocuments === 0 && file.diagnostics.length === 0 ? ' (no deployment documents: add `apiVersion: llm-sizing/v1` and `kind: Deployment`)' : '';
      io.stdout(forOutput(`${file.path}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${note}\n`, format));
    }
  }
  return invalid ? ExitCode.invalid : ExitCode.ok;
};
