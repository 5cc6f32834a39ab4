/**
 * Rules across fields that the schema cannot express: replicas must be whole, the model needs an
 * id or an architecture, placement names are unique, the load is stated and consistent.
 */
import type { Document } from 'yaml';
import type { Finding, Fix } from '../findings';
import { rangeForPath, type Path } from '../parse/paths';
import { CODES, type CodeInfo } from './codes';
import { num, obj, str, targetsOf, type Loose, type Target } from './targets';
import { architectureProblems } from './architectureRules';
import { MAX_GPUS } from '../schema/deployment';

/** Keys that say which model is served; a model mapping has exactly one. */
export const MODEL_IDENTITY_KEYS = ['id', 'architecture', 'config', 'huggingface', 'gguf', 'safetensors'] as const;

function push(
  findings: Finding[],
  doc: Document.Parsed,
  documentIndex: number,
  info: CodeInfo,
  path: Path,
  message: string,
  fixes?: Fix[],
  prefer: 'value' | 'key' = 'value',
): void {
  findings.push({
    code: info.code,
    severity: info.severity,
    message,
    range: rangeForPath(doc, path, prefer),
    documentIndex,
    ...(fixes && fixes.length ? { fixes } : {}),
  });
}

/** Runs every cross-field rule over a document's data. */
export function crossFieldFindings(
  doc: Document.Parsed,
  data: unknown,
  documentIndex: number,
  targets: Target[] = targetsOf(data),
): Finding[] {
  const findings: Finding[] = [];
  const model = obj(data, 'model');
  const given = model ? MODEL_IDENTITY_KEYS.filter((k) => k in model) : [];
  if (model && given.length !== 1) {
    push(
      findings,
      doc,
      documentIndex,
      CODES.modelIdOrArchitecture,
      ['model'],
      given.length > 1
        ? `The model has ${given.map((k) => `\`${k}\``).join(' and ')}; give one: a catalog \`id\`, a custom \`architecture\`, or one model file (\`config\`, \`huggingface\`, \`gguf\`, \`safetensors\`).`
        : 'The model needs a catalog `id` (e.g. `llama-3.1-8b`), a custom `architecture`, or its files: `config` (config.json), `huggingface` (ORG/NAME from the local cache), `gguf` or `safetensors`.',
      undefined,
      'key',
    );
  }
  const placementList = data && typeof data === 'object' ? (data as Loose).placements : undefined;
  const models: Array<{ m: Loose | undefined; path: Path }> = [{ m: model, path: ['model'] }];
  if (Array.isArray(placementList))
    placementList.forEach((p, i) => models.push({ m: obj(p, 'model'), path: ['placements', i, 'model'] }));
  for (const { m, path } of models) {
    if (m && 'revision' in m && !('huggingface' in m)) {
      push(
        findings,
        doc,
        documentIndex,
        CODES.revisionWithoutHuggingface,
        [...path, 'revision'],
        '`revision` picks a snapshot of a Hugging Face repo and needs `huggingface: ORG/NAME` beside it.',
        undefined,
        'key',
      );
    }
  }

  // Custom architectures obey the same shape rules as the catalog's models (deployment level and
  // placement overrides).
  const architectures: Array<{ arch: Loose | undefined; path: Path }> = [
    { arch: obj(model, 'architecture'), path: ['model', 'architecture'] },
    ...(Array.isArray(placementList)
      ? placementList.map((p, i) => ({
          arch: obj(obj(p, 'model'), 'architecture'),
          path: ['placements', i, 'model', 'architecture'] as Path,
        }))
      : []),
  ];
  for (const { arch, path } of architectures) {
    if (!arch) continue;
    for (const problem of architectureProblems(arch)) {
      push(findings, doc, documentIndex, CODES.inconsistentArchitecture, [...path, ...problem.field], problem.message);
    }
  }

  for (const target of targets) {
    const gpus = num(target.data, 'gpus') ?? (target.data.type === 'edge' ? 1 : undefined);
    const parallelism = obj(target.data, 'parallelism');
    const tensor = num(parallelism, 'tensor') ?? 1;
    const pipeline = num(parallelism, 'pipeline') ?? 1;
    const data = num(parallelism, 'data') ?? 1;
    const perReplica = tensor * pipeline * data;
    if (gpus !== undefined && Number.isInteger(gpus) && gpus >= 1 && perReplica >= 1 && gpus % perReplica !== 0) {
      const gpusPath: Path = [...target.path, 'gpus'];
      // The next multiple, unless that is above the field's maximum: then the one below (if any).
      const up = Math.ceil(gpus / perReplica) * perReplica;
      const rounded = up <= MAX_GPUS ? up : Math.floor(gpus / perReplica) * perReplica;
      const hasGpus = num(target.data, 'gpus') !== undefined;
      const fixes: Fix[] =
        hasGpus && rounded >= perReplica && rounded <= MAX_GPUS
          ? [
              {
                title: `Set gpus to ${rounded}`,
                edits: [{ range: rangeForPath(doc, gpusPath), newText: String(rounded) }],
                preferred: true,
              },
            ]
          : [];
      push(
        findings,
        doc,
        documentIndex,
        CODES.parallelismDoesNotDivide,
        hasGpus ? gpusPath : [...target.path, 'parallelism'],
        `${gpus} GPU${gpus === 1 ? '' : 's'} cannot be split into whole replicas of tensor ${tensor} × pipeline ${pipeline}${data > 1 ? ` × data ${data}` : ''} = ${perReplica} GPUs. Use a multiple of ${perReplica} (e.g. ${rounded}).`,
        fixes,
      );
    }
  }

  const placements = data && typeof data === 'object' ? (data as Loose).placements : undefined;
  if (Array.isArray(placements)) {
    const seen = new Map<string, number>();
    placements.forEach((p, i) => {
      const name = str(p, 'name');
      if (name === undefined) return;
      const first = seen.get(name);
      if (first !== undefined) {
        findings.push({
          code: CODES.duplicatePlacementName.code,
          severity: CODES.duplicatePlacementName.severity,
          message: `Placement name \`${name}\` is already used by placement ${first + 1}; names must be unique.`,
          range: rangeForPath(doc, ['placements', i, 'name']),
          documentIndex,
          related: [{ message: 'first used here', range: rangeForPath(doc, ['placements', first, 'name']) }],
        });
      } else seen.set(name, i);
    });
  }

  const workload = obj(data, 'workload');
  if (workload) {
    const peak = num(workload, 'peakRequestsPerSecond');
    const average = num(workload, 'averageRequestsPerSecond');
    if (peak !== undefined && average !== undefined && average > peak) {
      push(
        findings,
        doc,
        documentIndex,
        CODES.averageAbovePeak,
        ['workload', 'averageRequestsPerSecond'],
        `The average rate (${average} req/s) is above the peak rate (${peak} req/s); the average cannot exceed the busiest hour.`,
      );
    }
    const anyLoad = ['peakRequestsPerSecond', 'averageRequestsPerSecond', 'concurrency'].some((k) => k in workload);
    const perSite = Array.isArray(placements) && placements.length > 0 && placements.every((p) => obj(p, 'perSite'));
    if (!anyLoad && !perSite) {
      push(
        findings,
        doc,
        documentIndex,
        CODES.noLoadGiven,
        ['workload'],
        'The workload needs a load: `peakRequestsPerSecond` (requests arriving, optionally with `averageRequestsPerSecond`) or `concurrency` (users in a closed loop).',
        undefined,
        'key',
      );
    }
  }
  return findings;
}
