/**
 * `llm-sizing check FILE... [--format text|json|markdown|sarif] [--force]` — for CI.
 * Exit 0 when every placement passes (fits, meets the SLOs, within budget, power and residency),
 * 1 when a placement fails (a serving workload of a manifest: does not fit or breaks a limit),
 * 2 when the input is invalid (unreadable, validation errors), nothing was checked, or on usage
 * errors.
 */
import { ExitCode, type CliCommand } from '../io';
import { checkSummary } from '../render/text';
import { forOutput } from '../terminal';
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
  if (failing) return ExitCode.checkFailed;
  // Nothing checked (no deployment document and no serving workload anywhere) is not a pass.
  const checked = files.some((f) => f.report.deployments.length > 0);
  if (!checked) io.stderr('nothing was checked: no deployment documents and no serving workloads\n');
  return checked ? ExitCode.ok : ExitCode.invalid;
};
