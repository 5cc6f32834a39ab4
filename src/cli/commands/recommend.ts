/**
 * `llm-sizing recommend FILE... [--format text|json|markdown] [--limit N] [--force]`
 * For each usable deployment: the cheapest catalog configurations (hardware × weights × engine ×
 * split, on-prem or cloud, `gpus: auto`) that pass its SLOs and constraints, as a short Pareto
 * list of monthly cost vs TTFT p95, each with a placement snippet to paste.
 * Exit 0 when the input is valid, 2 when a file is unreadable or has errors, or on usage errors.
 */
import { recommend } from '../../core/placements';
import { ExitCode, type CliCommand } from '../io';
import { fileCharLimit, formatOption, inputOptions, INPUT_FLAGS, INPUT_VALUED, parseArgs, UsageError } from '../args';
import { evaluateFiles } from './estimate';
import { forOutput } from '../terminal';
import { recommendationsMarkdown, recommendationsText, type RecommendedDeployment } from '../render/recommend';

export const recommendCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['format', 'limit', ...INPUT_VALUED], INPUT_FLAGS);
  const format = formatOption(parsed, ['text', 'json', 'markdown'] as const, 'text');
  if (parsed.files.length === 0) throw new UsageError('recommend needs at least one FILE');
  const limitOption = parsed.options.get('limit');
  const limit = limitOption === undefined ? 5 : Number(limitOption);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError('--limit must be a whole number from 1 to 100');
  const { files, invalid } = await evaluateFiles(parsed.files, io, inputOptions(parsed));
  const results = files.map((f) => ({
    path: f.path,
    diagnostics: f.report.diagnostics,
    deployments: (f.evaluation?.validation.documents ?? []).flatMap((d): RecommendedDeployment[] => (d.deployment ? [{ name: d.deployment.name, ...recommend(d.deployment, { limit, ...(f.catalog ? { catalog: f.catalog } : {}) }) }] : [])),
    ...(f.error ? { error: f.error } : {}),
  }));
  if (format === 'json') io.stdout(JSON.stringify({ files: results }, null, 2) + '\n');
  else io.stdout(forOutput(results.filter((r) => !r.error).map((r) => (format === 'markdown' ? recommendationsMarkdown(r) : recommendationsText(r))).join('\n'), format));
  return invalid ? ExitCode.invalid : ExitCode.ok;
};
