/**
 * Rules of disaggregated placements (issue 20) that the schema cannot express: the workers of
 * both roles add up to the placement's GPUs, each worker's parallelism uses its GPUs, tensor
 * parallelism divides the attention heads, and the engine can serve disaggregated at all.
 * Whether each role holds its model and KV is the estimate's finding (a role that cannot is an
 * error on that role).
 */
import type { Document } from 'yaml';
import type { Catalog } from '../catalog';
import type { Finding, Fix } from '../findings';
import { rangeForPath, type Path } from '../parse/paths';
import { CODES, type CodeInfo } from './codes';
import { num, obj, type Loose, type Target } from './targets';

/** Engines that run prefill and decode on separate workers (vLLM KV connectors, SGLang PD, TensorRT-LLM, Dynamo). */
const DISAGGREGATING_ENGINES = new Set(['vllm', 'sglang', 'tensorrt-llm']);

function finding(
  doc: Document.Parsed,
  documentIndex: number,
  info: CodeInfo,
  path: Path,
  message: string,
  fixes: Fix[] = [],
): Finding {
  return {
    code: info.code,
    severity: info.severity,
    message,
    range: rangeForPath(doc, path),
    documentIndex,
    ...(fixes.length ? { fixes } : {}),
  };
}

const setFix = (doc: Document.Parsed, path: Path, value: number, title: string): Fix => ({
  title,
  edits: [{ range: rangeForPath(doc, path), newText: String(value) }],
  preferred: true,
});

/** Findings of the disaggregated placements among `targets`. */
export function disaggregationFindings(
  doc: Document.Parsed,
  documentIndex: number,
  targets: readonly Target[],
  catalog: Catalog,
): Finding[] {
  const out: Finding[] = [];
  for (const target of targets) {
    const d = target.data['disaggregation'];
    if (d === undefined) continue;
    const base: Path = [...target.path, 'disaggregation'];
    const engine = target.engine?.id ?? 'vllm';
    if (!DISAGGREGATING_ENGINES.has(engine)) {
      out.push(
        finding(
          doc,
          documentIndex,
          CODES.disaggregationEngine,
          base,
          `\`${engine}\` does not serve prefill and decode on separate workers; vLLM (KV connectors: NIXL, Mooncake, LMCache), SGLang (--disaggregation-mode) and TensorRT-LLM (Dynamo) do.`,
        ),
      );
      continue;
    }
    if (typeof d !== 'object' || d === null) continue; // `auto`
    const roles = (['prefill', 'decode'] as const).map((role) => ({ role, data: obj(d, role) }));
    let total = 0;
    let complete = true;
    for (const { role, data } of roles) {
      const workers = num(data, 'workers');
      const gpus = num(data, 'gpus');
      if (workers === undefined || gpus === undefined) {
        complete = false;
        continue;
      }
      total += workers * gpus;
      const p = obj(data, 'parallelism');
      const tensor = num(p, 'tensor') ?? 1;
      const pipeline = num(p, 'pipeline') ?? 1;
      const data_ = num(p, 'data') ?? 1;
      const used = tensor * pipeline * data_;
      if (p && used !== gpus) {
        out.push(
          finding(
            doc,
            documentIndex,
            CODES.disaggregationRoleGpus,
            [...base, role, 'gpus'],
            `A ${role} worker has ${gpus} GPU${gpus === 1 ? '' : 's'} but its parallelism uses tensor ${tensor} × pipeline ${pipeline}${data_ > 1 ? ` × data ${data_}` : ''} = ${used}.`,
            [setFix(doc, [...base, role, 'gpus'], used, `Set gpus to ${used}`)],
          ),
        );
      }
      const heads = headsOf(target, catalog);
      const t = num(p, 'tensor');
      if (heads !== undefined && t !== undefined && t > 1 && heads % t !== 0) {
        out.push(
          finding(
            doc,
            documentIndex,
            CODES.tensorParallelHeads,
            [...base, role, 'parallelism', 'tensor'],
            `Tensor parallelism ${t} of the ${role} workers does not divide the ${heads} attention heads; engines refuse this split.`,
          ),
        );
      }
    }
    const placementGpus = num(target.data, 'gpus');
    if (complete && placementGpus !== undefined && placementGpus !== total) {
      out.push(
        finding(
          doc,
          documentIndex,
          CODES.disaggregationGpus,
          [...target.path, 'gpus'],
          `The workers use ${total} GPUs (prefill ${describe(roles[0]!.data)} + decode ${describe(roles[1]!.data)}), but the placement has ${placementGpus}.`,
          [setFix(doc, [...target.path, 'gpus'], total, `Set gpus to ${total}`)],
        ),
      );
    }
  }
  return out;
}

function describe(role: Loose | undefined): string {
  return `${num(role, 'workers') ?? '?'} × ${num(role, 'gpus') ?? '?'}`;
}

function headsOf(target: Target, catalog: Catalog): number | undefined {
  const id = target.modelId?.id;
  const model = id ? catalog.models.get(id) : undefined;
  return model?.architecture.attentionHeads ?? num(target.architecture, 'attentionHeads');
}
