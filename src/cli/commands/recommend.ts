/**
 * `llm-sizing recommend FILE... [--format text|json|markdown] [--limit N] [--force]`
 * For each usable deployment: the cheapest catalog configurations (hardware × weights × engine ×
 * split, on-prem or cloud, `gpus: auto`) that pass its SLOs and constraints, as a short Pareto
 * list of monthly cost vs TTFT p95, each with a placement snippet to paste.
 * Exit 0 when the input is valid, 2 when a file is unreadable or has errors, or on usage errors.
 */
import { recommend } from '../../core/placements';
import { ExitCode, type CliCommand } from '../io';
import { formatOption, inputOptions, INPUT_FLAGS, INPUT_VALUED, parseArgs, UsageError } from '../args';
import { evaluateFiles } from './estimate';
import { forOutput } from '../terminal';
import { recommendationsMarkdown, recommendationsText, type RecommendedDeployment } from '../render/recommend';
import { CODES } from '../../core/validate/codes';
import { toReportDiagnostic } from '../../core/report/diagnostic';
import type { FileReport } from '../../core/report/types';

/**
 * Deployments searched per run: each search estimates every catalog device × format × engine ×
 * split (about 90 ms on a loaded machine), so 10,000 small deployments took minutes.
 */
const MAX_RECOMMENDED_DEPLOYMENTS = 20;

export const recommendCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['format', 'limit', ...INPUT_VALUED], INPUT_FLAGS);
  const format = formatOption(parsed, ['text', 'json', 'markdown'] as const, 'text');
  if (parsed.files.length === 0) throw new UsageError('recommend needs at least one FILE');
  const limitOption = parsed.options.get('limit');
  const limit = limitOption === undefined ? 5 : Number(limitOption);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new UsageError('--limit must be a whole number from 1 to 100');
  const evaluated = await evaluateFiles(parsed.files, io, inputOptions(parsed));
  let invalid = evaluated.invalid;
  let searched = 0;
  let overLimit = false;
  const results = evaluated.files.map((f) => {
    const diagnostics: FileReport['diagnostics'] = [...f.report.diagnostics];
    const documents = f.evaluation?.validation.documents ?? [];
    const deployments = documents.flatMap((d, i): RecommendedDeployment[] => {
      if (!d.deployment || overLimit) return [];
      if (searched >= MAX_RECOMMENDED_DEPLOYMENTS) {
        overLimit = invalid = true;
        const rest =
          documents.slice(i).filter((x) => x.deployment).length +
          evaluated.files
            .slice(evaluated.files.indexOf(f) + 1)
            .reduce((n, g) => n + (g.evaluation?.documents.length ?? 0), 0);
        const message = `Work limit reached: \`recommend\` searches the catalog for at most ${MAX_RECOMMENDED_DEPLOYMENTS} deployments per run; this one and the ${(rest - 1).toLocaleString('en-US')} after it get no recommendation. Split the run.`;
        const finding = {
          code: CODES.tooComplex.code,
          severity: CODES.tooComplex.severity,
          message,
          range: { start: d.range.start, end: d.range.start + 1 },
          documentIndex: d.index,
        };
        diagnostics.push(toReportDiagnostic(finding, f.evaluation!.validation.file.lineIndex));
        return [];
      }
      searched++;
      return [
        {
          name: d.deployment.name,
          ...recommend(d.deployment, { limit, ...(f.catalog ? { catalog: f.catalog } : {}) }),
        },
      ];
    });
    diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
    return { path: f.path, diagnostics, deployments, ...(f.error ? { error: f.error } : {}) };
  });
  if (format === 'json') io.stdout(JSON.stringify({ files: results }, null, 2) + '\n');
  else
    io.stdout(
      forOutput(
        results
          .filter((r) => !r.error)
          .map((r) => (format === 'markdown' ? recommendationsMarkdown(r) : recommendationsText(r)))
          .join('\n'),
        format,
      ),
    );
  return invalid ? ExitCode.invalid : ExitCode.ok;
};
