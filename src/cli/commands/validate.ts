/**
 * `llm-sizing validate FILE... [--format text|json] [--force] [--max-file-size KB] [--hardware ID]`
 * Deployment files and serving manifests (Kubernetes, KServe, LeaderWorkerSet, Compose); FILE may
 * be a quoted glob.
 * Exit 0 when no file has errors (warnings allowed), 2 when any has, or on usage errors.
 */
import { isWorkspaceCalibrationPath, isWorkspaceCatalogPath } from '../../core/validate/workspaceCatalog';
import { validateText } from '../../core/validate';
import { matchesDeploymentGlobs } from '../../core/parse/globs';
import { ExitCode, type CliCommand } from '../io';
import {
  fileCharLimit,
  formatOption,
  inputOptions,
  INPUT_FLAGS,
  INPUT_VALUED,
  parseArgs,
  runBudget,
  UsageError,
} from '../args';
import { formatDiagnosticLine } from '../diagnosticsOutput';
import { forOutput, oneLine } from '../terminal';
import { catalogForFile } from '../fileCatalog';
import { toReportDiagnostic, type ReportDiagnostic } from '../../core/report/diagnostic';
import { workloadFindings, workloadsOfFile } from '../../core/manifests';
import { expandGlobs } from '../globs';

export const validateCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['format', ...INPUT_VALUED], INPUT_FLAGS);
  const format = formatOption(parsed, ['text', 'json'] as const, 'text');
  if (parsed.files.length === 0) throw new UsageError('validate needs at least one FILE');
  const input = inputOptions(parsed);
  const files: Array<{
    path: string;
    diagnostics: ReportDiagnostic[];
    deploymentDocuments: number;
    servingWorkloads: number;
    error?: string;
  }> = [];
  let invalid = false;
  const { paths, globbed } = expandGlobs(parsed.files, io);
  const budget = runBudget();
  for (const path of paths) {
    let text: string;
    try {
      text = io.readFile(path, fileCharLimit(input));
    } catch (error) {
      invalid = true;
      files.push({
        path,
        diagnostics: [],
        deploymentDocuments: 0,
        servingWorkloads: 0,
        error: (error as Error).message,
      });
      continue;
    }
    const forced = input.force || matchesDeploymentGlobs(path);
    const options = {
      forceDeployment: forced,
      // `.llm-sizing/catalog.yaml` itself: its problems, located (LLMS057).
      workspaceCatalog: isWorkspaceCatalogPath(path),
      // `.llm-sizing/calibration.yaml`: its problems, located (LLMS062).
      workspaceCalibration: isWorkspaceCalibrationPath(path),
      ...(input.maxFileChars !== undefined ? { maxFileChars: input.maxFileChars } : {}),
    };
    const result = validateText(text, {
      ...options,
      budget,
      catalog: await catalogForFile(path, text, options, undefined, (line) => io.stderr(`${oneLine(line)}\n`)),
    });
    // Serving manifests (Kubernetes, KServe, Compose) are checked in place: their findings are located in the file.
    const workloads = workloadsOfFile(result, forced, input.hardware ? { defaults: { hardware: input.hardware } } : {});
    const findings = [...result.findings, ...workloadFindings(workloads)].sort(
      (a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code),
    );
    const diagnostics = findings.map((f) => toReportDiagnostic(f, result.file.lineIndex));
    if (diagnostics.some((d) => d.severity === 'error')) invalid = true;
    const deploymentDocuments = result.documents.filter((d) => d.analysed).length;
    // A file a glob matched that holds neither is not reported at all.
    if (globbed.has(path) && deploymentDocuments === 0 && workloads.length === 0 && diagnostics.length === 0) continue;
    files.push({ path, diagnostics, deploymentDocuments, servingWorkloads: workloads.length });
  }
  if (format === 'json') {
    io.stdout(JSON.stringify({ files }, null, 2) + '\n');
  } else {
    for (const file of files) {
      if (file.error) {
        io.stderr(`${oneLine(file.path)}: ${file.error}\n`);
        continue;
      }
      for (const d of file.diagnostics) io.stdout(forOutput(formatDiagnosticLine(file.path, d) + '\n', format));
      const errors = file.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = file.diagnostics.filter((d) => d.severity === 'warning').length;
      const note =
        file.deploymentDocuments === 0 && file.servingWorkloads === 0 && file.diagnostics.length === 0
          ? ' (no deployment documents: add `apiVersion: llm-sizing/v1` and `kind: Deployment`)'
          : '';
      io.stdout(
        forOutput(
          `${oneLine(file.path)}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${note}\n`,
          format,
        ),
      );
    }
  }
  return invalid ? ExitCode.invalid : ExitCode.ok;
};
