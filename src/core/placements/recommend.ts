/**
 * `recommend`: the cheapest configurations that pass, as a short Pareto list (monthly cost vs
 * TTFT p95), each with a placement snippet ready to paste.
 *
 * Ranking: monthly cost × 1.1 for a low-confidence catalog price × 1.1 for a device/engine pair
 * that no calibration case measures, so a guess loses to a known figure when they are close; the
 * rows show the real cost, the price confidence and whether the pair is calibrated.
 *
 * Search space: every catalog device with a reference price × weights (the model's native
 * format, fp8 where the device runs it natively, int4-awq, q4_k_m on llama.cpp) × engine (vLLM on
 * GPUs; llama.cpp on consumer GPUs and unified-memory devices) × per-replica split (tensor or,
 * on llama.cpp, pipeline ∈ {1, 2, 4, 8}; one device on unified memory) × placement type
 * (on-prem at the amortised purchase price, cloud at the hourly reference), with `gpus: auto`.
 *
 * Disaggregated prefill/decode (`disaggregation: auto`, `gpus: auto`) is tried on every
 * data-centre GPU with vLLM when prompts are at least twice the outputs — where splitting can pay
 * (llm-d's guidance: "10k|1k, not 200|200"); its layout is written out in the snippet.
 *
 * LoRA adapters the file serves (the first `lora` a placement writes) apply to every candidate and
 * are written into its snippet.
 *
 * Speed: candidates are visited in order of a cost lower bound (one replica's cost), and the
 * search stops once that bound exceeds the `pool`-th cheapest passing cost found; weights that
 * cannot fit in a replica's memory are skipped without the estimator; capacities are cached per
 * (hardware, weights, engine, split).
 */
import type { LatencyPercentiles, PlacementReport } from '../report/types';
import { catalog as builtIn, type Catalog } from '../catalog';
import type { EngineEntry, FormatEntry, HardwareEntry, ModelEntry } from '../catalog/types';
import { weightBytes } from '../estimate';
import { fullDecodeContext } from '../catalog/kvCopies';
import type { Deployment, Placement } from '../schema/deployment';
import { DAYS_PER_MONTH, REFERENCE, idleWatts } from './economics';
import { evaluatePlacement, evaluationContext } from './evaluatePlacement';
import { HOURS_PER_DAY } from './load';
import { DEGREE_CANDIDATES, newSizingCache, type SizingCache } from './sizing';
import { architectureToModel } from './targets';
import { formatUsd } from '../report/format';
import { disaggregationLayout } from '../report/disaggregation';
import { modelSourceKey, modelSourceOf } from '../modelfiles/sources';
import calibrated from '../estimate/calibratedPairs.json';

/** Ranking penalty of a low-confidence price and of an uncalibrated device/engine pair (each ×1.1). */
const RANKING_PENALTY = 0.1;

/** Whether the calibration cases measure this device with this engine. */
export function isCalibratedPair(hardwareId: string, engineId: string): boolean {
  return `${hardwareId}|${engineId}` in calibrated.pairs;
}

const GiB = 1024 ** 3;

export interface RecommendOptions {
  catalog?: Catalog;
  /** Most configurations returned (default 5). */
  limit?: number;
  /** Passing configurations to collect before the cost bound stops the search (default 24). */
  pool?: number;
  cache?: SizingCache;
}

/** A latency at the SLO's percentile: p50 and p95 as reported, any other from `atSlo`. */
function atPercentile(p: LatencyPercentiles, percentile: number): number {
  if (percentile === 50) return p.p50;
  if (percentile === 95) return p.p95;
  return p.atSlo ?? p.p95;
}

export interface Recommendation {
  type: 'on-prem' | 'cloud';
  hardware: string;
  hardwareName: string;
  weights: string;
  engine: string;
  tensor: number;
  pipeline: number;
  /** Decode context parallel over the tensor ranks (vLLM -dcp), when the configuration uses it. */
  decodeContext?: number;
  gpus: number;
  replicas: number;
  monthlyUsd: number;
  usdPerMillionOutputTokens: number;
  ttftP95Ms: number;
  tpotP95Ms: number;
  /** The SLO's percentile (default 95): the rows and the Pareto front use TTFT/TPOT at it, as `estimate` does. */
  percentile: number;
  /** TTFT and TPOT at the SLO percentile, ms. */
  ttftAtSloMs: number;
  tpotAtSloMs: number;
  averageKw: number;
  /** Where the price comes from (catalog reference with its date). */
  priceNote: string;
  /** How far the catalog's price can be trusted (`low`: one listing or a third-party estimate). */
  priceConfidence: 'high' | 'medium' | 'low';
  /** Whether published measurements of this device with this engine calibrate the estimate. */
  calibrated: boolean;
  /**
   * The monthly cost the ranking uses: +10% for a low-confidence price, +10% for an uncalibrated
   * device/engine pair, so that a guess loses to a known figure when they are close.
   */
  rankingUsd: number;
  /** A placement to paste under `placements:` (2-space list item). */
  snippet: string;
  /** Disaggregated: the layout ("6P×TP2 + 1D×TP4") and its gain against the same GPUs aggregated. */
  disaggregation?: { layout: string; gain: string };
}

export interface RecommendResult {
  /** The Pareto list, cheapest first (each next one faster). */
  recommendations: Recommendation[];
  /** Candidate configurations in the search space. */
  candidates: number;
  /** Candidates evaluated with the estimator (the rest were pruned). */
  evaluated: number;
  /** Evaluated candidates that pass. */
  passing: number;
  /** What was searched and what was not, in words. */
  notes: string[];
}

interface Candidate {
  type: 'on-prem' | 'cloud';
  hw: HardwareEntry;
  weights: FormatEntry;
  engine: EngineEntry;
  tensor: number;
  pipeline: number;
  /** Decode context parallel over all the KV copies of the tensor ranks (above 1 only). */
  decodeContext?: number;
  /** Prefill and decode on separate workers, laid out by the search. */
  disaggregated?: boolean;
  /** Cost of one replica per month: the least this candidate can cost. */
  bound: number;
}

function modelOf(deployment: Deployment, cat: Catalog): ModelEntry | undefined {
  if (deployment.model.id) return cat.models.get(deployment.model.id);
  if (deployment.model.architecture) return architectureToModel(deployment.model.architecture);
  const source = modelSourceOf(deployment.model, []);
  const read = source ? cat.modelFiles?.get(modelSourceKey(source.kind, source.value, source.revision)) : undefined;
  return read?.ok ? read.model.entry : undefined;
}

/** Weight formats and engines tried on a device. */
function variants(
  hw: HardwareEntry,
  model: ModelEntry,
  cat: Catalog,
): Array<{ weights: FormatEntry; engine: EngineEntry }> {
  const out: Array<{ weights: FormatEntry; engine: EngineEntry }> = [];
  const add = (weightsId: string, engineId: string) => {
    const weights = cat.formats.get(weightsId);
    const engine = cat.engines.get(engineId);
    if (!weights || !engine || !engine.weightFormats.includes(weights.id)) return;
    if (weights.id === 'fp8' && !hw.supportsFp8) return;
    if (out.some((v) => v.weights.id === weights.id && v.engine.id === engine.id)) return;
    out.push({ weights, engine });
  };
  const gpu = hw.class === 'datacenter-gpu' || hw.class === 'workstation-gpu' || hw.class === 'consumer-gpu';
  if (gpu) {
    add(model.nativeWeights, 'vllm');
    add('fp8', 'vllm');
    add('int4-awq', 'vllm');
  }
  if (hw.class === 'consumer-gpu' || hw.class === 'unified-memory' || hw.class === 'cpu') {
    add('q4_k_m', 'llama.cpp');
    if (!gpu) add(model.nativeWeights, 'llama.cpp');
  }
  return out;
}

/** LoRA as written in a placement: the first the file states (its own or a part's), if any. */
type LoraBlock = NonNullable<Extract<Placement, { type: 'on-prem' }>['lora']>;

/**
 * The adapters a file serves, for the candidates: the first `lora` a placement (or a hybrid part)
 * writes. Candidates carry it without `maxLoras` (each engine's default slots) unless written.
 */
function fileLora(deployment: Deployment): { lora: LoraBlock; from: string } | undefined {
  for (const p of deployment.placements ?? []) {
    const own = 'lora' in p ? (p as { lora?: LoraBlock }).lora : undefined;
    if (own) return { lora: own, from: p.name };
    if (p.type === 'hybrid') {
      const part = p.onPrem.lora ?? p.cloud.lora;
      if (part) return { lora: part, from: p.name };
    }
  }
  return undefined;
}

/** `lora: {…}` as a flow mapping for a snippet. */
function loraYaml(l: LoraBlock): string {
  const fields = [
    `adapters: ${l.adapters}`,
    ...(l.rank !== undefined ? [`rank: ${l.rank}`] : []),
    ...(l.maxLoras !== undefined ? [`maxLoras: ${l.maxLoras}`] : []),
    ...(l.targetModules !== undefined ? [`targetModules: ${l.targetModules}`] : []),
  ];
  return `{${fields.join(', ')}}`;
}

/** The YAML of a placement, as a list item under `placements:`. */
function snippetOf(
  c: Candidate,
  gpus: number,
  deployment: Deployment,
  nativeWeights: string,
  location: string | undefined,
  name: string,
  report?: PlacementReport,
  lora?: LoraBlock,
): string {
  const lines = [
    `- name: ${name}`,
    `  type: ${c.type}`,
    `  hardware: ${c.hw.id}`,
    `  gpus: ${gpus}`,
    `  engine: ${c.engine.id}`,
  ];
  const d = report?.disaggregation;
  if (c.disaggregated && d) {
    // The searched layout, written out: pasting it gives exactly this estimate.
    const role = (r: typeof d.prefill) =>
      `{workers: ${r.workers}, gpus: ${r.gpus}, parallelism: {tensor: ${r.parallelism.tensor}${(r.parallelism.decodeContext ?? 1) > 1 ? `, decodeContext: ${r.parallelism.decodeContext}` : ''}}}`;
    lines.push('  disaggregation:', `    prefill: ${role(d.prefill)}`, `    decode: ${role(d.decode)}`);
  } else if (c.tensor > 1 || c.pipeline > 1)
    lines.push(
      `  parallelism: {${c.tensor > 1 ? `tensor: ${c.tensor}` : `pipeline: ${c.pipeline}`}${c.decodeContext ? `, decodeContext: ${c.decodeContext}` : ''}}`,
    );
  const deploymentWeights = deployment.model.weights ?? nativeWeights;
  if (c.weights.id !== deploymentWeights) lines.push(`  model: {weights: ${c.weights.id}}`);
  if (location) lines.push(`  location: ${location}`);
  if (lora) lines.push(`  lora: ${loraYaml(lora)}`);
  return lines.join('\n');
}

/** Searches the catalog for the cheapest passing configurations of a deployment. */
export function recommend(deployment: Deployment, options: RecommendOptions = {}): RecommendResult {
  const cat = options.catalog ?? builtIn;
  const limit = options.limit ?? 5;
  const pool = options.pool ?? 24;
  const notes: string[] = [];
  const model = modelOf(deployment, cat);
  if (!model)
    return { recommendations: [], candidates: 0, evaluated: 0, passing: 0, notes: ['the model is not in the catalog'] };

  const residency = deployment.constraints?.dataResidency;
  const rule = residency?.toLowerCase();
  const types: Array<'on-prem' | 'cloud'> = rule === 'on-prem' ? ['on-prem'] : ['on-prem', 'cloud'];
  const region = rule && rule !== 'on-prem' && rule !== 'any' ? residency : undefined;
  if (rule === 'on-prem') notes.push('dataResidency: on-prem — only on-prem configurations are searched');
  if (region) notes.push(`dataResidency: ${region} — cloud configurations are placed in ${region}`);
  notes.push('hybrid and edge placements are not searched; compare them in the file');
  const adapters = fileLora(deployment);
  if (adapters)
    notes.push(
      `LoRA as placement '${adapters.from}' writes it (${loraYaml(adapters.lora)}) is applied to every configuration: its slots take KV cache, its kernels time`,
    );

  // Candidates with a cost lower bound.
  const candidates: Candidate[] = [];
  let total = 0;
  const perMonthHours = HOURS_PER_DAY * DAYS_PER_MONTH;
  for (const hw of cat.hardware.entries) {
    for (const v of variants(hw, model, cat)) {
      const shapes =
        hw.class === 'unified-memory' || hw.class === 'cpu'
          ? [{ tensor: 1, pipeline: 1 }]
          : v.engine.memoryContract.kind === 'fit-with-margin'
            ? DEGREE_CANDIDATES.map((p) => ({ tensor: 1, pipeline: p }))
            : DEGREE_CANDIDATES.filter((t) => model.architecture.attentionHeads % t === 0).flatMap(
                (t): Array<{ tensor: number; pipeline: number; decodeContext?: number }> => {
                  // After the plain split, the same split with its KV copies sharded by token (vLLM
                  // -dcp): same GPUs and price, more sequences; it ranks first only when it passes cheaper.
                  const dcp = fullDecodeContext(model.architecture, t, v.engine);
                  return dcp > 1
                    ? [
                        { tensor: t, pipeline: 1 },
                        { tensor: t, pipeline: 1, decodeContext: dcp },
                      ]
                    : [{ tensor: t, pipeline: 1 }];
                },
              );
      const weightsTotal = weightBytes(model, v.weights, v.engine.memoryContract.kind === 'fit-with-margin').total;
      for (const s of shapes) {
        for (const type of types) {
          const price = type === 'on-prem' ? hw.purchasePrice?.usd : hw.cloudPricePerGpuHour?.usd;
          if (price === undefined) continue;
          total++;
          const per = s.tensor * s.pipeline;
          // Weights alone overflow the replica's memory: cannot fit (a lower bound on the need).
          if (weightsTotal / per > hw.visibleMemoryGiB * GiB) continue;
          const idleKw = (idleWatts(hw).idleW * per) / 1000;
          const bound =
            type === 'on-prem'
              ? (price * per) / REFERENCE.amortizationMonths.value +
                idleKw * REFERENCE.pue.value * REFERENCE.electricityUsdPerKwh.value * perMonthHours
              : price *
                per *
                perMonthHours *
                (deployment.workload.dailyProfile
                  ? deployment.workload.dailyProfile.filter((x) => x > 0).length / HOURS_PER_DAY
                  : 1);
          candidates.push({
            type,
            hw,
            weights: v.weights,
            engine: v.engine,
            tensor: s.tensor,
            pipeline: s.pipeline,
            ...('decodeContext' in s && s.decodeContext ? { decodeContext: s.decodeContext } : {}),
            bound,
          });
        }
      }
    }
  }
  // Disaggregated candidates: prefill-heavy requests on data-centre GPUs, at least two GPUs.
  const { inputTokens, outputTokens } = deployment.workload;
  if (inputTokens >= 2 * outputTokens) {
    for (const c of candidates.filter(
      (x) => x.tensor === 1 && x.pipeline === 1 && x.hw.class === 'datacenter-gpu' && x.engine.id === 'vllm',
    ))
      candidates.push({ ...c, disaggregated: true, bound: c.bound * 2 });
    notes.push('disaggregated prefill/decode is searched on data-centre GPUs (prompts are at least twice the outputs)');
  } else
    notes.push(
      'disaggregated prefill/decode is not searched: prompts are under twice the outputs, where splitting rarely pays',
    );
  candidates.sort((a, b) => a.bound - b.bound);

  const ctx = evaluationContext(deployment, cat, { cache: options.cache ?? newSizingCache(), curve: false });
  const passing: Array<{ c: Candidate; rec: Recommendation }> = [];
  let evaluated = 0;
  for (const c of candidates) {
    if (passing.length >= pool) {
      // The bound is below the cost, and the cost below its ranking figure: nothing after this ranks higher.
      const costs = passing.map((p) => p.rec.rankingUsd).sort((a, b) => a - b);
      if (c.bound > (costs[pool - 1] as number)) break;
    }
    evaluated++;
    const name = `${c.type === 'cloud' ? 'cloud-' : ''}${c.hw.id}-${c.weights.id}${c.disaggregated ? '-split' : c.tensor > 1 ? `-tp${c.tensor}` : c.pipeline > 1 ? `-pp${c.pipeline}` : ''}${c.decodeContext ? `-dcp${c.decodeContext}` : ''}`;
    const placement = {
      name,
      type: c.type,
      hardware: c.hw.id,
      gpus: 'auto',
      engine: c.engine.id,
      ...(c.disaggregated
        ? { disaggregation: 'auto' }
        : {
            parallelism: {
              tensor: c.tensor,
              pipeline: c.pipeline,
              expert: 1,
              ...(c.decodeContext ? { decodeContext: c.decodeContext } : {}),
            },
          }),
      model: { weights: c.weights.id },
      ...(c.type === 'cloud' && region ? { location: region } : {}),
      ...(adapters ? { lora: adapters.lora } : {}),
    } as unknown as Placement;
    const e = evaluatePlacement(ctx, placement, ['placements', 0]);
    if (e.report.verdict !== 'pass' || !e.priced) continue;
    const r = e.report;
    // Never recommend on degenerate numbers (a "TTFT p95 0 ms" card came from an inconsistent
    // custom architecture): latencies must be positive and finite.
    if (!(
      r.latency.ttftMs.p95 > 0 &&
      Number.isFinite(r.latency.ttftMs.p95) &&
      r.latency.tpotMs.p95 > 0 &&
      Number.isFinite(r.latency.tpotMs.p95)
    ))
      continue;
    const price = c.type === 'on-prem' ? c.hw.purchasePrice! : c.hw.cloudPricePerGpuHour!;
    const priceConfidence = price.confidence ?? 'low';
    const isCalibrated = isCalibratedPair(c.hw.id, c.engine.id);
    const priceNote =
      c.type === 'on-prem'
        ? `${c.hw.name} ${formatUsd(price.usd)} per device (${price.date}, ${priceConfidence} confidence), amortised over ${REFERENCE.amortizationMonths.value} months; servers, network and energy included`
        : `${c.hw.name} $${price.usd}/GPU-hour (${price.date}, ${priceConfidence} confidence)`;
    passing.push({
      c,
      rec: {
        type: c.type,
        hardware: c.hw.id,
        hardwareName: c.hw.name,
        weights: r.weights,
        engine: c.engine.id,
        tensor: c.tensor,
        pipeline: c.pipeline,
        ...(c.decodeContext ? { decodeContext: c.decodeContext } : {}),
        gpus: r.gpus,
        replicas: r.replicas,
        monthlyUsd: r.cost.monthlyUsd,
        usdPerMillionOutputTokens: r.cost.usdPerMillionOutputTokens,
        ttftP95Ms: r.latency.ttftMs.p95,
        tpotP95Ms: r.latency.tpotMs.p95,
        percentile: ctx.slo.percentile,
        ttftAtSloMs: atPercentile(r.latency.ttftMs, ctx.slo.percentile),
        tpotAtSloMs: atPercentile(r.latency.tpotMs, ctx.slo.percentile),
        averageKw: r.power.averageKw,
        priceNote,
        priceConfidence,
        calibrated: isCalibrated,
        rankingUsd:
          r.cost.monthlyUsd *
          (1 + (priceConfidence === 'low' ? RANKING_PENALTY : 0)) *
          (1 + (isCalibrated ? 0 : RANKING_PENALTY)),
        snippet: snippetOf(
          c,
          r.gpus,
          deployment,
          model.nativeWeights,
          c.type === 'cloud' ? region : undefined,
          name,
          r,
          adapters?.lora,
        ),
        ...(r.disaggregation && r.disaggregationGain
          ? {
              disaggregation: {
                layout: disaggregationLayout(r.disaggregation),
                gain: `${r.disaggregationGain.ratio.toFixed(2)}× goodput per GPU vs aggregated (${r.disaggregationGain.low.toFixed(2)}–${r.disaggregationGain.high.toFixed(2)})`,
              },
            }
          : {}),
      },
    });
  }

  // Pareto front: cheapest first (by the ranking figure: a guessed price or an uncalibrated pair
  // loses when the costs are within 10–20%); each next one must be faster (TTFT) than all before.
  passing.sort((a, b) => a.rec.rankingUsd - b.rec.rankingUsd || a.rec.ttftAtSloMs - b.rec.ttftAtSloMs);
  const front: Recommendation[] = [];
  let bestTtft = Infinity;
  for (const p of passing) {
    if (p.rec.ttftAtSloMs < bestTtft - 1e-9) {
      front.push(p.rec);
      bestTtft = p.rec.ttftAtSloMs;
    }
  }
  return { recommendations: front.slice(0, limit), candidates: total, evaluated, passing: passing.length, notes };
}
