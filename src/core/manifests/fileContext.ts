/**
 * What the documents of one file say about each other: ConfigMaps (KAITO's inference config,
 * engine arguments) and Dynamic Resource Allocation claims (ResourceClaimTemplate/ResourceClaim:
 * how many GPUs of which product a pod's claim asks for). Workload readers look names up here;
 * a reference to an object in another file stays unresolved (never guessed).
 */
import type { Document, YAMLMap } from 'yaml';
import type { TextRange } from '../findings';
import { asMap, asSeq, at, get, number, rangeOf, text } from './yamlNodes';

/** The devices one DRA claim requests. */
export interface ClaimDevices {
  /** Devices requested (ExactCount `count`, default 1); undefined for allocationMode All. */
  count?: number;
  countRange?: TextRange;
  /** The claim's device class (`gpu.nvidia.com`, `gpu.amd.com`, `tpu.google.com`, …). */
  deviceClass?: string;
  /** The product a CEL selector pins (`productName == "NVIDIA H100 80GB HBM3"`), with its range. */
  product?: { value: string; range: TextRange };
  /** Where the claim is declared (for findings when nothing finer is known). */
  range: TextRange;
}

/** Objects of a file that workloads refer to by name. */
export interface FileContext {
  /** ConfigMap name → its `data` mapping. */
  configMaps: Map<string, YAMLMap>;
  /** ResourceClaimTemplate / ResourceClaim name → devices. */
  claims: Map<string, ClaimDevices>;
  /** Every named object, keyed `Kind/name` (LLMInferenceServiceConfig, NIMCache, ServingRuntime, …). */
  objects: Map<string, YAMLMap>;
  /** ServingRuntime names an InferenceService of the file uses: read through it, not sized alone. */
  usedRuntimes: Set<string>;
}

/** An empty context (a single document read alone). */
export const EMPTY_CONTEXT: FileContext = {
  configMaps: new Map(),
  claims: new Map(),
  objects: new Map(),
  usedRuntimes: new Set(),
};

const PRODUCT = /productName\s*==\s*(["'])([^"']+)\1/;

/** One device request (v1beta1 request, v1 `exactly:`, or one `firstAvailable:` alternative). */
function requestDevices(exact: unknown, source: string, range: TextRange): ClaimDevices {
  const mode = text(get(exact, 'allocationMode'));
  const countNode = get(exact, 'count');
  const count = mode === 'All' ? undefined : (number(countNode) ?? 1);
  const countRange = rangeOf(countNode);
  const deviceClass = text(get(exact, 'deviceClassName'));
  let product: ClaimDevices['product'];
  for (const selector of asSeq(get(exact, 'selectors'))?.items ?? []) {
    const expressionNode = at(selector, 'cel', 'expression');
    const expression = text(expressionNode);
    const m = expression ? PRODUCT.exec(expression) : null;
    const r = rangeOf(expressionNode);
    if (!m || !r) continue;
    const offset = source.indexOf(m[2]!, r.start);
    const inside = offset !== -1 && offset < r.end;
    product = { value: m[2]!, range: inside ? { start: offset, end: offset + m[2]!.length } : r };
    break;
  }
  return {
    ...(count !== undefined ? { count } : {}),
    ...(countRange && count !== undefined ? { countRange } : {}),
    ...(deviceClass ? { deviceClass } : {}),
    ...(product ? { product } : {}),
    range,
  };
}

/**
 * Devices of the first request of a claim spec (`devices.requests[]`, resource.k8s.io v1beta1 and
 * v1). A v1 `firstAvailable:` list lets the scheduler pick: the count and product are known only
 * where every alternative agrees (never the first one guessed).
 */
function claimDevices(spec: unknown, source: string, range: TextRange): ClaimDevices | undefined {
  const request = asSeq(at(spec, 'devices', 'requests'))?.items[0];
  if (!request) return undefined;
  const alternatives = asSeq(get(request, 'firstAvailable'))?.items;
  if (!alternatives?.length) return requestDevices(get(request, 'exactly') ?? request, source, range);
  const each = alternatives.map((a) => requestDevices(a, source, range));
  const first = each[0]!;
  const sameCount = each.every((d) => d.count === first.count);
  const sameProduct = each.every((d) => d.product?.value === first.product?.value);
  const sameClass = each.every((d) => d.deviceClass === first.deviceClass);
  return {
    ...(sameCount && first.count !== undefined ? { count: first.count } : {}),
    ...(sameClass && first.deviceClass ? { deviceClass: first.deviceClass } : {}),
    ...(sameProduct && first.product ? { product: first.product } : {}),
    range,
  };
}

/** Collects the ConfigMaps and DRA claims of every parsed document of a file. */
export function fileContext(documents: ReadonlyArray<{ yaml: Document.Parsed }>, source: string): FileContext {
  const context: FileContext = {
    configMaps: new Map(),
    claims: new Map(),
    objects: new Map(),
    usedRuntimes: new Set(),
  };
  for (const { yaml } of documents) {
    if (yaml.errors.length) continue;
    const roots: unknown[] = [yaml.contents];
    const root = asMap(yaml.contents);
    if (text(get(root, 'kind')) === 'List') roots.push(...(asSeq(get(root, 'items'))?.items ?? []));
    for (const node of roots) {
      const map = asMap(node);
      const kind = text(get(map, 'kind'));
      const name = text(at(map, 'metadata', 'name'));
      if (!map || !kind || name === undefined) continue;
      const range = rangeOf(at(map, 'metadata', 'name')) ?? { start: 0, end: 0 };
      context.objects.set(`${kind}/${name}`, map);
      const runtime = text(at(map, 'spec', 'predictor', 'model', 'runtime'));
      if (kind === 'InferenceService' && runtime) context.usedRuntimes.add(runtime);
      if (kind === 'ConfigMap') {
        const data = asMap(get(map, 'data'));
        if (data) context.configMaps.set(name, data);
      } else if (kind === 'ResourceClaimTemplate') {
        const devices = claimDevices(at(map, 'spec', 'spec'), source, range);
        if (devices) context.claims.set(name, devices);
      } else if (kind === 'ResourceClaim') {
        const devices = claimDevices(get(map, 'spec'), source, range);
        if (devices) context.claims.set(name, devices);
      }
    }
  }
  return context;
}
