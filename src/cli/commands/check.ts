/**
 * `llm-sizing check FILE... [--format text|json|markdown|sarif] [--force]` — for CI.
 * Exit 0 when every placement passes (fits, meets the SLOs, within budget, power and residency),
 * 1 when a placement fails (a serving workload of a manifest: does not fit or breaks a limit),
 * 2 when the input is invalid (unreadable, validation errors), on usage errors, or when nothing
 * was checked (no placement and no serving workload in any file).
 */
import { ExitCode, type CliCommand } from '../io';
import { checkSummary } from '../render/text';
import { forOutput, oneLine } from '../terminal';
import { evaluateFiles, humanReports, parseReportArgs, render } from './estimate';

export const checkCommand: CliCommand = async (args, io) => {
  const { parsed, format, input } = parseReportArgs(args, 'check');
  const { files, invalid } = await evaluateFiles(parsed.files, io, input);
  io.stdout(render(files, format));
  const failing = files.some((f) => f.report.deployments.some((d) => d.placements.some((p) => p.verdict === 'fail')));
  if (format === 'text') {
    io.stdout(forOutput(humanReports(files).map(checkSummary).join('\n') + '\n', format));
  }
  if (invalid) return ExitCode.invalid;
  // A CI gate that checked nothing must not go green: an empty file, one without a deployment or a
  // serving workload, or a glob that matched nothing is not a pass.
  const checked = files.reduce((n, f) => n + f.report.deployments.reduce((m, d) => m + d.placements.length, 0), 0);
  if (checked === 0) {
    const names = files.map((f) => oneLine(f.report.path)).join(', ') || '(no files)';
    io.stderr(
      `llm-sizing check: nothing was checked — no placement or serving workload in ${names} (empty file, or no \`kind: Deployment\` document).\n`,
    );
    return ExitCode.invalid;
  }
  return failing ? ExitCode.checkFailed : ExitCode.ok;
};
