/**
 * `placements[].source`: a placement read from a Kubernetes / KServe / Compose manifest (issue 15
 * item 4). Before the schema sees the document, each such placement gets the fields the manifest
 * gives — hardware, gpus, engine, parallelism, engine options, model — wherever the placement does
 * not write them itself. The manifest texts are read by the host beforehand
 * (`Catalog.manifestFiles`), so this stays pure; the manifest is analysed by the same code that
 * sizes manifests in place (`workloadsOf`, injected to keep the modules acyclic).
 */
import type { Catalog } from '../catalog';
import type { ServingContainer, ServingWorkload } from '../manifests';
import { estimatorReplica, estimatorReplicas, splitsLayers } from '../manifests/mapping';
import type { Path } from '../parse/paths';

/** Placement types that may name a `source` (one device kind and one engine each). */
const SOURCE_TYPES = new Set(['on-prem', 'cloud']);

/** The `source` paths of a document's placements, in order (what the host must read). */
function placementSources(data: unknown): Array<{ path: Path; value: string }> {
  const placements = isRecord(data) && Array.isArray(data.placements) ? data.placements : [];
  const out: Array<{ path: Path; value: string }> = [];
  placements.forEach((p, i) => {
    if (isRecord(p) && typeof p.source === 'string' && p.source.trim())
      out.push({ path: ['placements', i, 'source'], value: p.source.trim() });
  });
  return out;
}

/** A finding about a `source`, at its value. */
export interface SourceFinding {
  path: Path;
  kind: 'problem' | 'note';
  message: string;
}

/**
 * The document data with every sourced placement filled in from its manifest, and a note or a
 * problem per source. Without `catalog.manifestFiles` (the host has not read them yet) nothing is
 * filled and nothing is said.
 */
export function expandPlacementSources(
  data: Record<string, unknown>,
  catalog: Catalog,
  workloadsOf: (text: string) => ServingWorkload[],
): { data: Record<string, unknown>; findings: SourceFinding[] } {
  const table = catalog.manifestFiles;
  const sources = placementSources(data);
  if (!table || sources.length === 0) return { data, findings: [] };
  const findings: SourceFinding[] = [];
  const placements = [...(data.placements as unknown[])];
  const parsedTexts = new Map<string, ServingWorkload[]>();
  for (const { path, value } of sources) {
    const index = path[1] as number;
    const placement = placements[index] as Record<string, unknown>;
    const problem = (message: string) => findings.push({ path, kind: 'problem', message });
    if (!SOURCE_TYPES.has(String(placement.type))) {
      problem(
        `\`source\` is read for on-prem and cloud placements; a ${String(placement.type)} placement writes its fields`,
      );
      continue;
    }
    const read = table.get(value);
    if (!read) {
      problem(`\`${value}\` was not read`);
      continue;
    }
    if (!read.ok) {
      problem(`\`${value}\`: ${read.message}`);
      continue;
    }
    let workloads = parsedTexts.get(value);
    if (!workloads) {
      workloads = workloadsOf(read.text);
      parsedTexts.set(value, workloads);
    }
    const picked = pick(workloads, placement);
    if (typeof picked === 'string') {
      problem(`\`${value}\`: ${picked}`);
      continue;
    }
    const { workload, container } = picked;
    const given = fieldsOf(workload, container, data);
    const taken: string[] = [];
    const filled: Record<string, unknown> = { ...placement };
    for (const [key, v] of Object.entries(given)) {
      if (v === undefined || key in placement) continue;
      filled[key] = v;
      taken.push(key);
    }
    placements[index] = filled;
    const where = `${workload.object.kind} '${workload.object.name}', container '${container.site.name}'`;
    if (given.hardware === undefined && !('hardware' in placement)) {
      problem(
        `\`${value}\`: ${where} does not name the GPU type (no node selector or instance type the catalog knows); write \`hardware:\` in this placement`,
      );
      continue;
    }
    findings.push({
      path,
      kind: 'note',
      message: `read from ${where} in \`${value}\`: ${taken.length ? taken.join(', ') : 'nothing (every field is written here)'}${taken.length < Object.keys(given).filter((k) => given[k] !== undefined).length ? '; fields written in the placement override the manifest' : ''}. ${container.analysis.headline}`,
    });
  }
  return { data: { ...data, placements }, findings };
}

/** The serving container a placement means: by `resource` and `container`, else the only one. */
function pick(
  workloads: ServingWorkload[],
  placement: Record<string, unknown>,
): { workload: ServingWorkload; container: ServingContainer } | string {
  const resource = typeof placement.resource === 'string' ? placement.resource : undefined;
  const containerName = typeof placement.container === 'string' ? placement.container : undefined;
  const all = workloads.flatMap((workload) => workload.containers.map((container) => ({ workload, container })));
  if (all.length === 0) return 'no serving container (vLLM, SGLang, llama.cpp, TGI, TensorRT-LLM, NIM, Ollama) in it';
  const label = (x: (typeof all)[number]) =>
    `${x.workload.object.kind}/${x.workload.object.name} ${x.container.site.name}`;
  const matches = all.filter(
    (x) =>
      (!resource ||
        resource === x.workload.object.name ||
        resource.toLowerCase() === `${x.workload.object.kind}/${x.workload.object.name}`.toLowerCase()) &&
      (!containerName || containerName === x.container.site.name),
  );
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0)
    return `no serving container matches${resource ? ` resource '${resource}'` : ''}${containerName ? ` container '${containerName}'` : ''}; it has: ${all.map(label).join(', ')}`;
  return `${matches.length} serving containers (${matches.map(label).join(', ')}): name one with \`container:\` or \`resource:\``;
}

/** The placement fields a serving container gives (undefined: the manifest does not say). */
function fieldsOf(
  workload: ServingWorkload,
  container: ServingContainer,
  data: Record<string, unknown>,
): Record<string, unknown> {
  const p = container.placement;
  const layerSplit = splitsLayers(p);
  const replica = estimatorReplica(p);
  const engineOptions: Record<string, number | boolean | string> = { ...p.engineOptions };
  if (p.maxModelLen?.stated && !layerSplit)
    engineOptions[p.engineId === 'sglang' ? 'contextLength' : 'maxModelLen'] = p.maxModelLen.value;
  const deploymentModel = isRecord(data.model) && typeof data.model.id === 'string' ? data.model.id : undefined;
  const manifestModel = p.model.model?.id;
  const model =
    manifestModel && manifestModel !== deploymentModel
      ? { id: manifestModel, ...(p.weights ? { weights: p.weights.value } : {}) }
      : p.weights
        ? { weights: p.weights.value }
        : undefined;
  return {
    hardware: p.hardware?.entry.id,
    gpus: estimatorReplicas(p, workload.object.replicas) * replica.gpus,
    engine: p.engineId,
    parallelism: replica.parallelism,
    engineOptions: Object.keys(engineOptions).length ? engineOptions : undefined,
    model,
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
