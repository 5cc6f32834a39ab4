/**
 * Manifests: Kubernetes workloads, LeaderWorkerSet, KServe and Compose files that run an LLM
 * serving engine, sized in place. Pure (no I/O). See docs/manifests.md.
 *
 *   document → workload objects (workloads.ts) → serving command per container (commandLine.ts)
 *            → placement (mapping.ts) → findings + estimate (analyze.ts) → DeploymentReport
 */
import type { Document } from 'yaml';
import { catalog as builtIn, type Catalog } from '../catalog';
import type { Finding, LineIndex, TextRange } from '../findings';
import type { DeploymentReport, PlacementReport } from '../report/types';
import { analyzeContainer, TYPICAL_OUTPUT_TOKENS, TYPICAL_PROMPT_TOKENS, type ContainerAnalysis } from './analyze';
import { servingCommand, type ServingCommand } from './commandLine';
import { ENGINE_NAMES } from './flags';
import { CODES } from '../validate/codes';
import { estimatorReplicas, mapPlacement, type ManifestDefaults, type ManifestPlacement } from './mapping';
import { workloadObjects, type ContainerSite, type NonGpuAccelerator, type WorkloadObject } from './workloads';
import { declaredObjects } from './declared';
import { EMPTY_CONTEXT, fileContext, type FileContext } from './fileContext';
import { nonGpuOf } from './nonGpu';
import { withDisaggregatedPairs } from './disaggregatedPair';

export type { ManifestDefaults, ManifestPlacement } from './mapping';
export type { ServingCommand } from './commandLine';

/**
 * Words one of which any serving manifest contains (engine programs, images, runtimes). A file
 * without any is not parsed for workloads: the check costs one regular-expression scan.
 */
const ENGINE_HINT =
  /vllm|sglang|llama[-_.]?(?:server|cpp)|text-generation|trtllm|tensorrt|nvcr\.io\/nim|ollama|huggingface|modelFormat|kaito\.sh|serveConfigV2|NIMService|LLMInferenceService|servingEngineSpec|modelArtifacts/i;
/** A Kubernetes object, a Compose file, or the values file of a serving chart (declared.ts). */
const OBJECT_HINT = /^\s*(?:kind|services|servingEngineSpec|modelArtifacts)\s*:/m;

/** Cheap pre-check: could this text contain a serving workload? */
export function mayContainServingWorkload(text: string): boolean {
  return OBJECT_HINT.test(text) && ENGINE_HINT.test(text);
}

/** One serving container of a workload, read and analysed. */
export interface ServingContainer {
  site: ContainerSite;
  command: ServingCommand;
  placement: ManifestPlacement;
  analysis: ContainerAnalysis;
}

/** One workload object with at least one serving container. */
export interface ServingWorkload {
  object: WorkloadObject;
  documentIndex: number;
  containers: ServingContainer[];
  report: DeploymentReport;
  /** Containers whose reading failed (never expected): their LLMS212 findings. */
  failures?: Array<Pick<ContainerAnalysis, 'findings' | 'headline' | 'fails' | 'reasons'>>;
}

export interface ManifestOptions {
  catalog?: Catalog;
  defaults?: ManifestDefaults;
}

/** Serving workloads of one parsed YAML document (none for anything else). */
function servingWorkloads(
  doc: Document.Parsed,
  documentIndex: number,
  text: string,
  lines: LineIndex,
  options: ManifestOptions = {},
  context: FileContext = EMPTY_CONTEXT,
): ServingWorkload[] {
  if (doc.errors.length) return brokenWorkload(doc, documentIndex, text);
  const catalog = options.catalog ?? builtIn;
  const out: ServingWorkload[] = [];
  let objects: WorkloadObject[];
  try {
    objects = workloadObjects(doc.contents as never, context, text, declaredObjects);
  } catch (error) {
    // Never expected: a reader's defect must not stop the file (or the editor); it is reported.
    const start = doc.range[0];
    const range = { start, end: Math.min(text.length, start + 1) };
    return [failedWorkload(emptyObject('document', `document ${documentIndex + 1}`, range), documentIndex, error)];
  }
  for (const object of objects) {
    const containers: ServingContainer[] = [];
    for (const site of object.containers) {
      try {
        const command = servingCommand(site, text);
        if (!command) continue;
        const outside = nonGpuOf(object, site, command);
        if (outside) {
          // A TPU, Neuron or CPU-only server: recognised and said so, never sized as GPUs.
          containers.length = 0;
          out.push(outsideWorkload(object, documentIndex, command, outside));
          break;
        }
        const placement = mapPlacement(object, site, command, catalog, options.defaults ?? {});
        const analysis = analyzeContainer(placement, command, catalog, documentIndex);
        containers.push({ site, command, placement, analysis });
      } catch (error) {
        // Never expected; one container's defect must not stop the file (or the editor).
        containers.length = 0;
        out.push(failedWorkload(object, documentIndex, error));
        break;
      }
    }
    if (containers.length) out.push({ object, documentIndex, containers, report: reportOf(object, containers, lines) });
  }
  return out;
}

/** What `fileWorkloads` needs of each document (a `ValidatedDocument` has it). */
export interface DocumentLike {
  index: number;
  kind: string;
  analysed: boolean;
  yaml: Document.Parsed;
}

/** What `workloadsOfFile` needs of a validated file (a `ValidationResult` has it). */
export interface ValidatedFileLike {
  documents: readonly DocumentLike[];
  file: { text: string; lineIndex: LineIndex };
}

/**
 * The one place that decides whether a validated file holds serving manifests, for the CLI, the
 * editor and the evaluation: none when the file is declared a deployment file (`--force` or the
 * deployment-file globs: every document is ours and a missing marker is reported instead), else the
 * workloads of its documents that are not llm-sizing documents.
 */
export function workloadsOfFile(
  result: ValidatedFileLike,
  forceDeployment: boolean,
  options: ManifestOptions = {},
): ServingWorkload[] {
  return forceDeployment ? [] : fileWorkloads(result.documents, result.file.text, result.file.lineIndex, options);
}

/**
 * Serving workloads of every document of a file that is not an llm-sizing document. Text
 * without an engine word is not walked at all (`mayContainServingWorkload`).
 */
function fileWorkloads(
  documents: readonly DocumentLike[],
  text: string,
  lines: LineIndex,
  options: ManifestOptions = {},
): ServingWorkload[] {
  // Documents first: a file the editor did not parse (skipForeign) has none, and its text was
  // already found to lack the engine words.
  const candidates = documents.filter((d) => !d.analysed && d.kind === 'unmarked');
  if (candidates.length === 0 || !mayContainServingWorkload(text)) return [];
  const context = fileContext(candidates, text);
  return withDisaggregatedPairs(
    candidates.flatMap((d) => servingWorkloads(d.yaml, d.index, text, lines, options, context)),
  );
}

/** A Kubernetes workload kind or a Compose file, written at the start of a line. */
const WORKLOAD_KIND =
  /^(?:kind:\s*["']?(?:Deployment|StatefulSet|DaemonSet|Pod|Job|CronJob|ReplicaSet|LeaderWorkerSet|InferenceService|ServingRuntime)\b|services:)/m;

/**
 * A document that is not valid YAML but reads as a serving workload (a workload kind and an engine
 * word in its own text): its first YAML error, located, instead of silence (issue 18 item 6:
 * published files often break in one document — a `{{TOKEN}}`, a tab, a bad indent — and the
 * documents that parse are still sized). Anything else that is broken is not ours to report.
 */
function brokenWorkload(doc: Document.Parsed, documentIndex: number, text: string): ServingWorkload[] {
  const own = text.slice(doc.range[0], doc.range[2]);
  if (!WORKLOAD_KIND.test(own) || !mayContainServingWorkload(own)) return [];
  const error = doc.errors[0]!;
  const start = Math.max(doc.range[0], Math.min(error.pos[0], text.length));
  const range = { start, end: Math.max(start, Math.min(error.pos[1], text.length)) };
  const name = /^\s+name:\s*["']?([\w.-]+)/m.exec(own)?.[1] ?? `document ${documentIndex + 1}`;
  const kind = /^kind:\s*["']?(\w+)/m.exec(own)?.[1] ?? 'Compose';
  const message = `This serving manifest is not valid YAML here: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}. It is not sized; the file's other documents are.`;
  const finding: Finding = { code: CODES.yamlSyntax.code, severity: 'error', message, range, documentIndex };
  const [workload] = failedWorkloadWith(emptyObject(kind, name, range), documentIndex, finding);
  return [workload];
}

const OUTSIDE_WHAT: Record<NonGpuAccelerator['kind'], string> = {
  tpu: 'TPUs',
  neuron: 'AWS Neuron devices (Trainium/Inferentia)',
  cpu: 'CPUs only',
};

/** A serving container on TPUs, Neuron devices or CPUs: one info finding, no placement. */
function outsideWorkload(
  object: WorkloadObject,
  documentIndex: number,
  command: ServingCommand,
  outside: NonGpuAccelerator,
): ServingWorkload {
  const message = `${ENGINE_NAMES[command.engine]} runs on ${OUTSIDE_WHAT[outside.kind]} (${outside.evidence}): not a GPU workload, so it is not sized`;
  const finding: Finding = {
    code: CODES.manifestNotGpu.code,
    severity: 'info',
    message,
    range: outside.range,
    documentIndex,
  };
  const [workload] = failedWorkloadWith(object, documentIndex, finding);
  return { ...workload, failures: [{ findings: [finding], headline: message, fails: false, reasons: [] }] };
}

/** A workload object with no containers, for a document that could not be read as one. */
function emptyObject(kind: string, name: string, nameRange: TextRange): WorkloadObject {
  return {
    kind,
    name,
    nameRange,
    replicas: 1,
    podsPerReplica: 1,
    containers: [],
    workerContainers: [],
    nodeLabels: [],
    annotations: [],
    compose: kind === 'Compose',
  };
}

/** A workload whose reading threw: reported as LLMS212 on the object's name, no placement. */
function failedWorkload(object: WorkloadObject, documentIndex: number, error: unknown): ServingWorkload {
  const message = `cannot read this workload: ${error instanceof Error ? error.message : String(error)}`;
  const finding: Finding = {
    code: CODES.manifestCannotEstimate.code,
    severity: 'error',
    message,
    range: object.nameRange,
    documentIndex,
  };
  return failedWorkloadWith(object, documentIndex, finding)[0];
}

/** A workload with no placement, reported by one error finding. */
function failedWorkloadWith(object: WorkloadObject, documentIndex: number, finding: Finding): [ServingWorkload] {
  const message = finding.message;
  const analysis = { findings: [finding], headline: message, fails: true, reasons: [message] };
  return [
    {
      object,
      documentIndex,
      containers: [],
      failures: [analysis],
      report: {
        name: object.name,
        model: 'unknown',
        workload: {
          inputTokens: TYPICAL_PROMPT_TOKENS,
          outputTokens: TYPICAL_OUTPUT_TOKENS,
          concurrency: 1,
          slo: { percentile: 95 },
        },
        placements: [],
      },
    },
  ];
}

/** Every finding of the workloads, in text order. */
export function workloadFindings(workloads: readonly ServingWorkload[]): Finding[] {
  return workloads.flatMap((w) => [
    ...w.containers.flatMap((c) => c.analysis.findings),
    ...(w.failures ?? []).flatMap((f) => f.findings),
  ]);
}

function location(range: TextRange, lines: LineIndex): PlacementReport['location'] {
  const s = lines.positionAt(range.start);
  const e = lines.positionAt(range.end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

function placementReport(object: WorkloadObject, c: ServingContainer, lines: LineIndex): PlacementReport {
  const { placement: p, analysis: a, command } = c;
  const result = a.result;
  const replicas = estimatorReplicas(p, object.replicas);
  const gpusPerReplica = a.request?.gpusPerReplica ?? p.gpusPerReplica.value;
  const devices = p.gpusPerReplica.value * object.replicas;
  const zero = { p50: 0, p95: 0 };
  const mem = result?.memory;
  const perGpu = mem?.perGpuGiB;
  const assumptions = [
    `read from ${object.kind} '${object.name}', container '${c.site.name}' (${ENGINE_NAMES[command.engine]})`,
    ...(p.hardware ? [`device from ${p.hardware.source}: ${p.hardware.label}`] : ['device not stated']),
    `capacity at a typical ${TYPICAL_PROMPT_TOKENS} + ${TYPICAL_OUTPUT_TOKENS} tokens; latency of one stream (no workload in a manifest)`,
    'cost not estimated for a manifest: point a sizing file at it with `source:` for cost, SLOs and power',
    ...p.notes,
    ...(result?.assumptions ?? []),
  ];
  return {
    name: c.site.name,
    type: 'on-prem',
    verdict: a.fails ? 'fail' : 'pass',
    reasons: a.reasons,
    hardware: p.hardware?.entry.id ?? 'not stated',
    ...(p.hardware ? { hardwareName: p.hardware.entry.name } : {}),
    gpus: devices,
    gpusAuto: false,
    replicas,
    devices,
    engine: command.engine,
    weights: a.request?.weights.id ?? p.weights?.value ?? p.model.model?.nativeWeights ?? 'unknown',
    kvCache: a.request?.kvCache.id ?? p.kvCache?.value ?? 'unknown',
    model: p.model.model?.id ?? p.model.name,
    memory: {
      fits: (mem?.fits ?? false) && !a.fails,
      perGpuGiB: {
        weights: r2(perGpu?.weights.value ?? 0),
        kvCache: r2(perGpu?.kvCache.value ?? 0),
        activations: r2(perGpu?.activations.value ?? 0),
        runtime: r2(perGpu?.runtime.value ?? 0),
        total: r2(perGpu?.total.value ?? 0),
        capacity: r2(perGpu?.capacity.value ?? 0),
      },
      kvPoolGiB: r2(mem?.kvPoolGiB.value ?? 0),
      maxConcurrentSequences: a.sequencesAtMaxLen ?? 0,
    },
    latency: {
      ttftMs: result ? { p50: r2(result.latency.ttftMs.p50.value), p95: r2(result.latency.ttftMs.p95.value) } : zero,
      tpotMs: result ? { p50: r2(result.latency.tpotMs.p50.value), p95: r2(result.latency.tpotMs.p95.value) } : zero,
    },
    throughput: {
      outputTokensPerSecond: r2((result?.throughput.outputTokensPerSecond.value ?? 0) * replicas),
      maxRequestsPerSecond: r2((result?.throughput.maxRequestsPerSecond.value ?? 0) * replicas),
    },
    cost: { monthlyUsd: 0, usdPerMillionOutputTokens: 0, breakdown: [] },
    power: { averageKw: 0 },
    dataLeavesPremises: false,
    cloudShareOfRequests: 0,
    assumptions,
    curve: [],
    shape: {
      tensor: p.estimatorShape.tensor,
      pipeline: p.pipeline.value,
      expert: p.expert,
      data: p.estimatorShape.data,
      gpusPerReplica,
    },
    manifest: {
      kind: object.kind,
      object: object.name,
      container: c.site.name,
      headline: a.headline,
      ...(a.maxModelLen !== undefined ? { maxModelLen: a.maxModelLen } : {}),
      ...(a.poolTokens !== undefined ? { kvPoolTokens: a.poolTokens } : {}),
      ...(a.sequencesAtTypical !== undefined ? { sequencesAtTypicalLength: a.sequencesAtTypical } : {}),
      typicalTokens: TYPICAL_PROMPT_TOKENS + TYPICAL_OUTPUT_TOKENS,
      dataParallel: p.data.value,
    },
    location: location(command.anchor, lines),
  };
}

function reportOf(object: WorkloadObject, containers: ServingContainer[], lines: LineIndex): DeploymentReport {
  const first = containers[0]!;
  return {
    name: object.name,
    description: `${object.kind} ${object.name}`,
    model: first.placement.model.model?.id ?? first.placement.model.name,
    workload: {
      inputTokens: TYPICAL_PROMPT_TOKENS,
      outputTokens: TYPICAL_OUTPUT_TOKENS,
      concurrency: 1,
      slo: { percentile: 95 },
    },
    placements: containers.map((c) => placementReport(object, c, lines)),
  };
}
