/**
 * Predicts one case through the public estimator. Receives a `CaseInput` only (no measurement).
 */
import type { CaseInput } from './cases';
import { MEMORY_METRICS, METRICS } from './cases';
import { caseModel, caseResolveInput } from './caseRequest';
import { buildModel, estimateOn, resolveRequest, type Model } from '../estimate/index';
import { atConcurrency } from '../estimate/serving';
import {
  finiteRunQueuedTtftMs,
  inStepRoundsTpotMs,
  inStepRoundsTtftMs,
  prefillTokenBudget,
  replicaPrefillBudget,
  roundsStayInStep,
  synchronizedStartMeanTtftMs,
  waveTtftsMs,
} from '../estimate/benchmarkStart';
import type { Banded, EstimateResult } from '../estimate/types';
import { weightBytes } from '../estimate/weights';
import { banded } from '../estimate/bands';
import { calibration as shippedCalibration, engineCalibration, type Calibration } from '../estimate/calibration';
import { catalog, type Catalog } from '../catalog/index';
import { PER_GPU_METRICS, predictDisaggregatedCase } from './predictDisaggregated';

export type Prediction =
  { predicted: number; low: number; high: number; explanation?: string } | { predicted: null; error: string };

/**
 * A latency percentile between the estimate's p50 and p95: p90 on the normal approximation the
 * queue model uses (z 1.2816 of z 1.6449 of the way up); the mean is taken as the p50 (a closed-loop
 * benchmark's TTFT/TPOT spread is narrow; the difference is within the band).
 */
function percentile(p: { p50: Banded; p95: Banded }, stat: string | undefined): Banded {
  if (stat !== 'p90') return p.p50;
  const f = 1.2816 / 1.6449;
  const at = (a: number, b: number): number => a + (b - a) * f;
  return { value: at(p.p50.value, p.p95.value), low: at(p.p50.low, p.p95.low), high: at(p.p50.high, p.p95.high) };
}

/** The figure of an estimate that a metric names. */
function metricValue(r: EstimateResult, metric: string, stat?: string): Banded | undefined {
  switch (metric) {
    case 'decodeTokensPerSecond':
      return r.decodeTokensPerSecond;
    case 'prefillTokensPerSecond':
      return r.prefillTokensPerSecond;
    case 'ttftMs':
      return percentile(r.latency.ttftMs, stat);
    case 'tpotMs':
      return percentile(r.latency.tpotMs, stat);
    case 'outputTokensPerSecond':
      return r.throughput.outputTokensPerSecond;
    case 'weightsGiB':
      return r.weightsGiB;
    case 'weightsGiBPerGpu':
      return r.memory.perGpuGiB.weights;
    case 'kvCacheGiBPerGpu':
      return r.memory.kvPoolGiB;
    default:
      return undefined;
  }
}

/** Predicts a case; unknown ids, unknown metrics and configurations that do not fit become errors. */
export function predictCase(
  input: CaseInput,
  cal: Calibration = shippedCalibration,
  cat: Catalog = catalog,
): Prediction {
  if (!(METRICS as readonly string[]).includes(input.metric))
    return { predicted: null, error: `unknown metric '${input.metric}'` };
  if (!input.model) return { predicted: null, error: 'case has no model' };
  if (input.disaggregation || PER_GPU_METRICS.has(input.metric)) return predictDisaggregatedCase(input, cal, cat);
  // Whole-model weight size needs no device: use the weight formula directly.
  if (input.metric === 'weightsGiB' && !input.hardware) {
    const named = caseModel(input, cat);
    const model = named.model !== undefined ? cat.models.get(named.model) : undefined;
    if (!model) return { predicted: null, error: `unknown model id '${input.model}'` };
    const fmt = cat.formats.get(named.weights ?? model.nativeWeights);
    if (!fmt) return { predicted: null, error: `unknown weight format '${named.weights}'` };
    const gguf = input.engine
      ? engineCalibration(cal, cat.engines.get(input.engine)?.id ?? input.engine).ggufWeights
      : false;
    const b = banded(weightBytes(model, fmt, gguf).total / 1024 ** 3, 'weights', cal);
    return { predicted: b.value, low: b.low, high: b.high };
  }
  if (!input.hardware) return { predicted: null, error: 'case has no hardware' };
  if (!input.engine) return { predicted: null, error: 'case has no engine' };
  const wl = input.workload ?? {};
  // `replicas: N` engines behind one load balancer: each serves 1/N of the stated load.
  const n = input.replicas ?? 1;
  const res = resolveRequest(
    caseResolveInput(
      input,
      { gpus: input.gpus, memoryGB: input.memoryGB, parallelism: input.parallelism },
      wl.requestsPerSecond !== undefined && wl.concurrency === undefined
        ? { requestsPerSecond: wl.requestsPerSecond / n }
        : { concurrency: wl.concurrency === 'max' ? 'max' : Math.max(1, (wl.concurrency ?? 1) / n) },
      cat,
    ),
    cat,
  );
  if (!res.ok) return { predicted: null, error: res.error };
  const model = buildModel(res.request, cal);
  const r = estimateOn(model, res.request);
  if (!r.memory.fits && !MEMORY_METRICS.has(input.metric)) {
    return { predicted: null, error: `does not fit: ${r.memory.reason ?? 'insufficient memory'}` };
  }
  if (!r.memory.fits && input.metric === 'kvCacheGiBPerGpu') {
    return { predicted: null, error: `does not fit, no KV pool: ${r.memory.reason ?? ''}` };
  }
  const v = metricValue(r, input.metric, input.stat);
  if (!v) return { predicted: null, error: `metric '${input.metric}' not produced` };
  if (
    (input.metric === 'ttftMs' || input.metric === 'tpotMs') &&
    wl.fixedLengths === true &&
    typeof wl.concurrency === 'number'
  ) {
    const inStep = withRoundsInStep(v, model, input.metric, wl.concurrency / n, input.stat ?? 'p50');
    if (inStep) return inStep;
  }
  if (input.metric === 'ttftMs' && wl.prompts !== undefined && typeof wl.concurrency === 'number') {
    const queued = withFiniteRunQueue(v, model, wl.concurrency / n, wl.prompts / n, input.stat ?? 'p50');
    if (queued) return queued;
  }
  if (
    input.metric === 'ttftMs' &&
    input.stat === 'mean' &&
    wl.prompts !== undefined &&
    typeof wl.concurrency === 'number'
  )
    return withSynchronizedStart(v, model, wl.concurrency / n, wl.prompts / n);
  return { predicted: v.value, low: v.low, high: v.high };
}

/**
 * A benchmark's TTFT or TPOT when its rounds stay in step (equal lengths on SGLang: benchmarkStart.ts
 * inStepRoundsTtftMs, inStepRoundsTpotMs), the band moved with it; undefined where they do not.
 */
function withRoundsInStep(
  v: Banded,
  m: Model,
  metric: 'ttftMs' | 'tpotMs',
  concurrency: number,
  stat: 'p50' | 'mean' | 'p90',
): Prediction | undefined {
  if (!roundsStayInStep(m.req)) return undefined;
  const budget = prefillTokenBudget(m.req, m.cal, m.mem.capacityGiB);
  const t = (metric === 'ttftMs' ? inStepRoundsTtftMs : inStepRoundsTpotMs)(m.serving, concurrency, budget, stat);
  return t === undefined ? undefined : movedTo(v, t);
}

/**
 * A benchmark's TTFT when its clients outnumber the batch the engine runs and the run is finite
 * (benchmarkStart.ts finiteRunQueuedTtftMs): the first round's prompts wait less than the steady
 * state's. Undefined where the clients fit in the batch.
 */
function withFiniteRunQueue(
  v: Banded,
  m: Model,
  concurrency: number,
  prompts: number,
  stat: 'p50' | 'mean' | 'p90',
): Prediction | undefined {
  const point = atConcurrency(m.serving, concurrency);
  if (concurrency <= point.batch) return undefined;
  const budget = replicaPrefillBudget(m.serving, prefillTokenBudget(m.req, m.cal, m.mem.capacityGiB));
  const wave = waveTtftsMs(m.serving, Math.min(point.batch, Math.floor(prompts)), budget);
  const t = finiteRunQueuedTtftMs(
    v.value,
    concurrency,
    prompts,
    point.batch,
    point.requestsPerSecond / 1000,
    wave,
    stat,
  );
  return movedTo(v, t);
}

/**
 * A benchmark's mean TTFT when its first `concurrency` prompts arrive together (benchmarkStart.ts):
 * the steady estimate `v` moved to the mean over `prompts`, its band moved with it. Medians and
 * p90s are left at the steady state: the wave is one prompt in ten in InferenceX's runs.
 */
function withSynchronizedStart(v: Banded, m: Model, concurrency: number, prompts: number): Prediction {
  const budget = prefillTokenBudget(m.req, m.cal, m.mem.capacityGiB);
  return movedTo(v, synchronizedStartMeanTtftMs(m.serving, v.value, concurrency, prompts, budget));
}

/** The estimate `v` moved to `value`, its band scaled with it. */
function movedTo(v: Banded, value: number): Prediction {
  const k = v.value > 0 ? value / v.value : 1;
  return { predicted: value, low: v.low * k, high: v.high * k };
}
