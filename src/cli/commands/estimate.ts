/**
 * `llm-sizing estimate FILE... [--format text|json|markdown|sarif] [--force]`
 * Validates each file, estimates every placement of every usable deployment and prints the
 * comparison. Exit 0 when the input is valid (placements may fail: see `check`), 2 when a file
 * cannot be read or has validation errors, or on usage errors. Errors go to stderr.
 */
import { isWorkspaceCalibrationPath, isWorkspaceCatalogPath } from '../../core/validate/workspaceCatalog';
import { evaluateText, toFileReport, type FileEvaluation } from '../../core/placements';
import type { FileReport } from '../../core/report/types';
import type { Catalog } from '../../core/catalog';
import type { WorkBudget } from '../../core/validate';
import { matchesDeploymentGlobs } from '../../core/parse/globs';
import { ExitCode, type CliCommand, type CliIo } from '../io';
import {
  fileCharLimit,
  formatOption,
  inputOptions,
  INPUT_FLAGS,
  INPUT_VALUED,
  parseArgs,
  runBudget,
  UsageError,
  type InputOptions,
  type ParsedArgs,
} from '../args';
import { fileText } from '../render/text';
import type { Glyphs } from '../render/sparkline';
import { reportMarkdown } from '../../core/report/reportMarkdown';
import { toSarif } from '../render/sarif';
import { forOutput, oneLine, oneLineStrings } from '../terminal';
import { expandGlobs } from '../globs';
import { catalogForFile } from '../fileCatalog';

export const REPORT_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** One input file, read and evaluated (or the reason it could not be). */
export interface EvaluatedFile {
  path: string;
  error?: string;
  evaluation?: FileEvaluation;
  /** The catalog the file was evaluated with (built-in data plus the model files it names). */
  catalog?: Catalog;
  report: FileReport;
}

/** The JSON output: `{files: FileReport[]}` (schemas/report.schema.json); unreadable files carry `error`. */
function jsonOutput(files: EvaluatedFile[]): string {
  return (
    JSON.stringify({ files: files.map((f) => (f.error ? { ...f.report, error: f.error } : f.report)) }, null, 2) + '\n'
  );
}

/** The entry of a file that could not be read: its message and an empty report. */
export function unreadableFile(path: string, error: unknown): EvaluatedFile {
  const message = error instanceof Error ? error.message : String(error);
  return { path, error: message, report: { path, diagnostics: [], deployments: [] } };
}

/**
 * Validates and evaluates one file's text. `path` names the file in the report and decides how it
 * is read (deployment globs, the model files it names); the text may come from elsewhere (an
 * older revision for `diff`).
 */
export async function evaluateSource(
  path: string,
  text: string,
  io: CliIo,
  input: InputOptions,
  budget: WorkBudget,
): Promise<EvaluatedFile> {
  const options = {
    forceDeployment: input.force || matchesDeploymentGlobs(path),
    workspaceCatalog: isWorkspaceCatalogPath(path),
    workspaceCalibration: isWorkspaceCalibrationPath(path),
    ...(input.maxFileChars !== undefined ? { maxFileChars: input.maxFileChars } : {}),
  };
  const catalog = await catalogForFile(path, text, options, undefined, (line) => io.stderr(`${oneLine(line)}\n`));
  const evaluation = evaluateText(text, {
    ...options,
    catalog,
    budget,
    ...(input.hardware ? { manifestDefaults: { hardware: input.hardware } } : {}),
  });
  return { path, evaluation, catalog, report: toFileReport(path, evaluation) };
}

/** Reads, validates and evaluates each file. `invalid` when any is unreadable or has errors. */
export async function evaluateFiles(
  paths: string[],
  io: CliIo,
  input: InputOptions,
): Promise<{ files: EvaluatedFile[]; invalid: boolean }> {
  let invalid = false;
  const files: EvaluatedFile[] = [];
  const { paths: expanded, globbed } = expandGlobs(paths, io);
  const budget = runBudget();
  for (const path of expanded) {
    let text: string;
    try {
      text = io.readFile(path, fileCharLimit(input));
    } catch (error) {
      invalid = true;
      io.stderr(`${oneLine(path)}: ${(error as Error).message}\n`);
      files.push(unreadableFile(path, error));
      continue;
    }
    const file = await evaluateSource(path, text, io, input, budget);
    if (file.evaluation!.validation.findings.some((f) => f.severity === 'error')) invalid = true;
    const evaluation = file.evaluation!;
    const declined = evaluation.validation.documents.length === 0 && evaluation.findings.length > 0;
    const nothing =
      !declined && !evaluation.validation.documents.some((d) => d.analysed) && evaluation.workloads.length === 0;
    // Files a glob matched may be any YAML of a repository: only named files get the note.
    if (nothing && !globbed.has(path))
      io.stderr(
        `${oneLine(path)}: no deployment documents or serving workloads (add \`apiVersion: llm-sizing/v1\` and \`kind: Deployment\`)\n`,
      );
    files.push(file);
  }
  return { files, invalid };
}

/**
 * The reports of the readable files for people (text, Markdown, check summaries): every string
 * folded to one line, because the text tables and summaries print report strings as they are
 * (the core's Markdown escapes its own, but not U+2028/U+2029, which some log viewers split on).
 */
export function humanReports(files: EvaluatedFile[]): FileReport[] {
  return files.filter((f) => !f.error).map((f) => oneLineStrings(f.report));
}

/**
 * Renders evaluated files in a report format, ready for stdout or a file: text and Markdown with
 * file strings folded and control characters escaped, JSON and SARIF exactly as serialised.
 */
/** How a report is rendered: Markdown in detail (report), sparklines drawn with these glyphs (estimate's text). */
interface RenderOptions {
  detailed?: boolean;
  pictures?: Glyphs;
}

export function render(files: EvaluatedFile[], format: ReportFormat, options: RenderOptions = {}): string {
  return forOutput(renderRaw(files, format, options), format);
}

function renderRaw(files: EvaluatedFile[], format: ReportFormat, options: RenderOptions): string {
  switch (format) {
    case 'json':
      return jsonOutput(files);
    case 'sarif':
      return (
        JSON.stringify(
          toSarif(
            files
              .filter((f) => f.evaluation)
              .map((f) => ({
                path: f.path,
                findings: f.evaluation!.findings,
                lines: f.evaluation!.validation.file.lineIndex,
              })),
          ),
          null,
          2,
        ) + '\n'
      );
    case 'markdown':
      return reportMarkdown(humanReports(files), options.detailed ?? false);
    default:
      return humanReports(files)
        .map((f) => fileText(f, options.pictures))
        .join('\n');
  }
}

export function parseReportArgs<F extends string = ReportFormat>(
  args: string[],
  command: string,
  valued: string[] = [],
  fallback: F = 'text' as F,
  formats: readonly F[] = REPORT_FORMATS as readonly string[] as readonly F[],
): { parsed: ParsedArgs; format: F; input: InputOptions } {
  const parsed = parseArgs(args, ['format', ...INPUT_VALUED, ...valued], INPUT_FLAGS);
  const format = formatOption(parsed, formats, fallback);
  if (parsed.files.length === 0) throw new UsageError(`${command} needs at least one FILE`);
  return { parsed, format, input: inputOptions(parsed) };
}

export const estimateCommand: CliCommand = async (args, io) => {
  const { parsed, format, input } = parseReportArgs(args, 'estimate');
  const { files, invalid } = await evaluateFiles(parsed.files, io, input);
  io.stdout(render(files, format, { pictures: io.unicodeTerminal ? 'unicode' : 'ascii' }));
  return invalid ? ExitCode.invalid : ExitCode.ok;
};
