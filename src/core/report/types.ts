/**
 * The comparison report: what the CLI prints as JSON (`schemas/report.schema.json`), what the
 * webview draws and what CodeLens/hovers summarise. One shape for every presenter.
 * Sizes are GiB (2^30 bytes), times ms, money USD, power kW.
 * `schema.ts` describes the same shapes in zod (the source of schemas/report.schema.json); the unit
 * suite fails to compile when the two differ.
 */
import type { Severity } from '../findings';

/** Latency percentiles of a placement, ms, with the p95 uncertainty band. */
export interface LatencyPercentiles {
  p50: number;
  p95: number;
  /** The percentile the SLO is stated at (default 95), when it differs from 50/95. */
  atSlo?: number;
  band?: { p95Low: number; p95High: number };
  /**
   * The load exceeds what the replicas sustain: the queue, and so TTFT, grows without bound. The
   * numbers are a saturated replica's; presenters print "unbounded: overloaded" instead of them.
   */
  unbounded?: boolean;
}

export type Verdict = 'pass' | 'fail';

export interface MemoryReport {
  fits: boolean;
  perGpuGiB: {
    weights: number;
    kvCache: number;
    activations: number;
    runtime: number;
    total: number;
    capacity: number;
  };
  /** KV pool the engine would reserve on one GPU. */
  kvPoolGiB: number;
  /** Sequences of the workload's full length that fit in one replica's KV pool. */
  maxConcurrentSequences: number;
}

/** One point of a latency-vs-load curve. */
export interface LoadPoint {
  requestsPerSecond: number;
  ttftMs: { p50: number; p95: number; p95Low: number; p95High: number };
  tpotMs: { p50: number; p95: number; p95Low: number; p95High: number };
}

/** One line of an explanation: a quantity, its formula, its value and the constants used. */
export interface ExplainLine {
  quantity: string;
  formula: string;
  value: number;
  unit: string;
  constants: Array<{ name: string; value: number | string; source: string }>;
}

/** One placement's estimate. */
export interface PlacementReport {
  name: string;
  type: 'on-prem' | 'cloud' | 'hybrid' | 'edge';
  verdict: Verdict;
  /** Why it fails (empty when it passes), one sentence each. */
  reasons: string[];
  hardware: string;
  /** Devices per replica × replicas; the solved count when the file says `auto`. */
  gpus: number;
  gpusAuto: boolean;
  replicas: number;
  /** All devices of the placement (edge: sites × devicesPerSite; hybrid: both parts). */
  devices: number;
  engine: string;
  weights: string;
  kvCache: string;
  memory: MemoryReport;
  /** At peak per replica; zeros when the placement does not fit or cannot be estimated. */
  latency: { ttftMs: LatencyPercentiles; tpotMs: LatencyPercentiles };
  /**
   * Placement-wide at peak: tokens/s generated; requests/s all replicas sustain (latency
   * unbounded); goodput = requests/s all replicas carry within the SLO (rate workloads).
   */
  throughput: { outputTokensPerSecond: number; maxRequestsPerSecond: number; goodputRequestsPerSecond?: number };
  cost: {
    monthlyUsd: number;
    usdPerMillionOutputTokens: number;
    breakdown: Array<{ item: string; monthlyUsd: number }>;
    /** What the monthly figure counts and what it leaves out, in words. */
    includes?: string;
  };
  /** On-premises draw (PUE included): the day's mean and the busiest hour's. Cloud: 0. */
  power: { averageKw: number; peakKw?: number };
  dataLeavesPremises: boolean;
  /** Hybrid: share of requests served by the cloud part (0 elsewhere, 1 for cloud). */
  cloudShareOfRequests: number;
  /** Every default and assumption used, in words. */
  assumptions: string[];
  /** Latency vs load for charts (TTFT/TPOT at rates from 0 to beyond peak). */
  curve: LoadPoint[];
  /** Hybrid only: the two parts. */
  parts?: Array<{ role: 'onPrem' | 'cloud'; hardware: string; gpus: number; replicas: number; memory: MemoryReport }>;
  /** The model this placement serves (a placement may override the deployment's). */
  model?: string;
  /** Display name of the hardware (catalog `name`; hybrid: both parts). */
  hardwareName?: string;
  /** One replica's split (not for hybrid, see `parts`). */
  shape?: {
    tensor: number;
    pipeline: number;
    expert: number;
    data: number;
    /** Decode context parallel over the tensor ranks, when above 1. */
    decodeContext?: number;
    gpusPerReplica: number;
  };
  /** Network round trip added to TTFT, ms (hybrid: the cloud part's). */
  networkRttMs?: number;
  /** Edge: number of sites. */
  sites?: number;
  /** Hybrid: hours per day with overflow to the cloud part (billed hours). */
  burstHoursPerDay?: number;
  /** Output tokens generated per month (30.42 days) under the daily load. */
  monthlyOutputTokens?: number;
  /** Every formula and constant behind the numbers ("Explain Estimate"); JSON output omits it unless asked. */
  explain?: ExplainLine[];
  /** Read from a Kubernetes / KServe / Compose manifest: what and where (see docs/manifests.md). */
  manifest?: ManifestFacts;
  /** Disaggregated serving (issue 20): the prefill and decode workers and the KV transfer. */
  disaggregation?: DisaggregationReport;
  /** Disaggregated placements: the same GPUs, workload and SLO served aggregated. */
  aggregatedAlternative?: AggregatedAlternativeReport;
  /** Disaggregated ÷ aggregated goodput per GPU, with its band and the reason in words. */
  disaggregationGain?: { ratio: number; low: number; high: number; headline: string };
  /** Placement's YAML range (for reveal), 1-based lines. */
  location?: { line: number; column: number; endLine: number; endColumn: number };
}

/** One role of a disaggregated placement at the peak load. */
export interface DisaggregationRoleReport {
  workers: number;
  /** GPUs of one worker. */
  gpus: number;
  parallelism: { tensor: number; pipeline: number; expert: number; data: number; decodeContext?: number };
  /** Requests/s all workers of the role sustain. */
  requestsPerSecond: number;
  /** Load ÷ that capacity at the peak. */
  utilization: number;
  /** Prefill: its part of TTFT (own prefill, overhead, queue); decode: the wait for a batch slot. */
  ttftMs: LatencyPercentiles;
  /** Decode: time per output token; prefill: 0. */
  tpotMs: LatencyPercentiles;
  memory: MemoryReport;
}

/** Prefill and decode workers, the KV transfer, and the layout in one line. */
export interface DisaggregationReport {
  prefill: DisaggregationRoleReport;
  decode: DisaggregationRoleReport;
  kvTransfer: {
    connector: string;
    link: { kind: string; gbpsPerGpu: number };
    bytesPerRequest: number;
    ms: number;
    /** Share of the prefill GPUs' link bandwidth the KV traffic uses at the peak. */
    linkUtilization: number;
  };
  /** Which role limits the requests/s. */
  bottleneck: 'prefill' | 'decode';
  /** `disaggregation: auto` chose this layout. */
  auto: boolean;
  /** "8P×TP1 + 2D×TP4 on 16× H200 · KV 0.4 GB/s per link, 2 %". */
  headline: string;
}

/** The aggregated alternative of a disaggregated placement: replicas of one engine on the same GPUs. */
export interface AggregatedAlternativeReport {
  replicas: number;
  gpusPerReplica: number;
  gpus: number;
  latency: { ttftMs: LatencyPercentiles; tpotMs: LatencyPercentiles };
  throughput: { outputTokensPerSecond: number; maxRequestsPerSecond: number; goodputRequestsPerSecond: number };
}

/** What a placement read from a manifest adds: its object, headline and KV capacity. */
export interface ManifestFacts {
  /** Object kind (`Deployment`, `LeaderWorkerSet`, `InferenceService`, `ComposeService`, …). */
  kind: string;
  object: string;
  container: string;
  /** The CodeLens line. */
  headline: string;
  /** The maximum sequence length checked (stated, or the engine's default), tokens. */
  maxModelLen?: number;
  /** Longest sequence one replica's KV pool holds, tokens. */
  kvPoolTokens?: number;
  /** Sequences of `typicalTokens` the pool holds at once. */
  sequencesAtTypicalLength?: number;
  typicalTokens: number;
  /** Data-parallel ranks per container (counted in `replicas`). */
  dataParallel: number;
}

export interface DeploymentReport {
  name: string;
  description?: string;
  model: string;
  workload: {
    inputTokens: number;
    outputTokens: number;
    peakRequestsPerSecond?: number;
    averageRequestsPerSecond?: number;
    concurrency?: number;
    slo: { ttftMs?: number; tpotMs?: number; percentile: number };
  };
  placements: PlacementReport[];
  /** Name of the cheapest passing placement that serves the deployment's own model, if any. */
  recommended?: string;
  /** A passing placement cheaper than `recommended` that serves another model (a different product; never ★). */
  cheapestWithOtherModel?: { name: string; model: string };
}

/** The CLI's JSON output per file. */
export interface FileReport {
  path: string;
  diagnostics: Array<{
    severity: Severity;
    code: string;
    message: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
  }>;
  deployments: DeploymentReport[];
}
