/**
 * Continuous-batching steady state of one replica (closed loop at a concurrency, or open loop at
 * a Poisson request rate), with TTFT/TPOT percentiles from simple queueing approximations.
 *
 * Cycle model: while B sequences are in flight, every request costs one prefill (`pb`: its compute,
 * weights already streamed, plus its share of the fixed time of the forward it rides in — engines
 * that run a prompt as a forward of its own, or make the decode step eager, pay it per forward —
 * and, with attention DP, the wait of ranks without a prompt) and O−1 decode steps shared by the
 * batch, so the time for each
 * of the B sequences to complete one request is  cycle = (O−1)·step(B) + B·pb  and the replica
 * serves B/cycle requests/s, B·O/cycle output tokens/s (static batching gives the same formula).
 * TPOT = step(B) + (prefills interleaved during the request)·pb/(O−1).
 * TTFT = own prefill latency + fixed request overhead + half a step (waiting for a step boundary)
 *        + the wait for the scheduler's next look at new requests (engines that poll every N steps)
 *        + waiting for other prefills (M/D/1) + waiting for a free batch slot (Sakasegawa M/M/c,
 *        scaled to M/G/c by the output lengths' variability: Allen–Cunneen).
 */

export interface ServingInputs {
  inputTokens: number;
  outputTokens: number;
  /** Prefill latency of one request alone, ms. */
  prefillLatencyMs: number;
  /** Prefill cost of one request inside a batch (compute only), ms. */
  prefillBatchedMs: number;
  /**
   * Prefill cost of one request alone on its data-parallel attention rank, ms (= prefillBatchedMs
   * without attention DP): the other ranks wait for it unless they have prompts of their own.
   */
  prefillRankMs: number;
  /** Data-parallel attention ranks of the replica (1 without attention DP). */
  dataParallel: number;
  /**
   * Fixed replica time one prefill forward adds beyond its compute (ms): the decode batch waits
   * for it. Shared by the prompts that arrive within one decode step (closed loop: b ÷ (O−1) of
   * them), as the engine batches them into one forward.
   */
  prefillForwardMs: number;
  /** Fixed per-request overhead added to TTFT (front end, scheduling), ms. */
  ttftOverheadMs: number;
  /** Decode step time at batch b, ms (context fixed at the workload's mean). */
  stepMs: (b: number) => number;
  /** Largest batch memory and engine admit. */
  maxBatch: number;
  /** Pipeline stages (prefills of different micro-batches overlap across stages). */
  pipeline: number;
  /**
   * Decode steps between the scheduler's looks at newly arrived requests (≥ 1; 1 = every step).
   * SGLang `--scheduler-recv-interval N` polls its input only after N decode steps (a prompt's
   * forward resets the count: scheduler_recv_skipper.py weights decode 1, other forwards 1,000),
   * and `--num-continuous-decode-steps k` runs k steps back to back. A prompt arriving while
   * sequences decode waits for the next look, and the prompts that arrived meanwhile share one
   * forward.
   */
  pollSteps: number;
  /**
   * SGLang's prefill delayer (`--enable-prefill-delayer`, attention DP only): the most decode steps
   * a prompt is held back so that every data-parallel rank prefills in the same forward
   * (`--prefill-delayer-max-delay-passes`, default 30; managers/prefill_delayer.py: a forward runs
   * prompts when every rank has one, or when the wait reaches the limit). 0 when off.
   */
  prefillDelaySteps: number;
  /**
   * Squared coefficient of variation of a request's time in the batch (its output length), for
   * the wait for a free slot: 1 = exponential (the M/M/c default), 0 = all outputs equal.
   */
  serviceCv2: number;
}

/**
 * Squared coefficient of variation of output lengths with mean `mean` and 95th percentile `p95`,
 * taking them as lognormal: ln(p95/mean) = 1.645σ − σ²/2, CV² = e^{σ²} − 1. A p95 beyond what a
 * lognormal allows for its mean (p95/mean > e^{1.353} ≈ 3.87) is read as σ = 1.645.
 */
export function outputLengthCv2(mean: number, p95: number | undefined): number {
  if (p95 === undefined || !(p95 > 0) || !(mean > 0)) return 1;
  const r = Math.log(Math.max(1, p95 / mean));
  const disc = 1.645 * 1.645 - 2 * r;
  const sigma = disc > 0 ? 1.645 - Math.sqrt(disc) : 1.645;
  return Math.exp(sigma * sigma) - 1;
}

export interface ServingPoint {
  /** Sequences in flight. */
  batch: number;
  stepMs: number;
  cycleMs: number;
  outputTokensPerSecond: number;
  requestsPerSecond: number;
  /** Load / capacity, 0..1 (1 = saturated or overloaded). */
  utilization: number;
  stable: boolean;
  ttftMs: (q: number) => number;
  tpotMs: (q: number) => number;
}

// Acklam's coefficients (module constants: the quantile runs for every point of every curve).
const QA = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
] as const;
const QB = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572] as const;
const QC = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
] as const;
const QD = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416] as const;

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const q = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  const [a0, a1, a2, a3, a4, a5] = QA;
  const [b0, b1, b2, b3, b4] = QB;
  const [c0, c1, c2, c3, c4, c5] = QC;
  const [d0, d1, d2, d3] = QD;
  const lo = 0.02425;
  if (q < lo) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (((((c0 * r + c1) * r + c2) * r + c3) * r + c4) * r + c5) / ((((d0 * r + d1) * r + d2) * r + d3) * r + 1);
  }
  if (q > 1 - lo) return -normalQuantile(1 - q);
  const r = q - 0.5;
  const s = r * r;
  return (
    ((((((a0 * s + a1) * s + a2) * s + a3) * s + a4) * s + a5) * r) /
    (((((b0 * s + b1) * s + b2) * s + b3) * s + b4) * s + 1)
  );
}

/** Quantile q of a wait that is 0 with probability 1−pw and exponential otherwise, with mean `mean`. */
export function waitQuantile(mean: number, pw: number, q: number): number {
  if (mean <= 0 || pw <= 0) return 0;
  const p = Math.min(1, pw);
  if (p <= 1 - q) return 0;
  return (mean / p) * Math.log(p / (1 - q));
}

/** Count quantile of a Poisson-like number of events with mean m (normal approximation, ≥ 0). */
function countQuantile(m: number, q: number): number {
  if (m <= 0) return 0;
  return Math.max(0, m + normalQuantile(q) * Math.sqrt(m));
}

/**
 * Decode steps between the forwards that take in prompts, at a batch of b: the scheduler's look
 * interval (pollSteps), or with the prefill delayer the steps until a prompt has arrived for every
 * data-parallel rank (b ÷ (O−1) arrive a step in the closed loop; dispatched round-robin), at most
 * its limit (prefillDelaySteps is 0 without attention DP). The prompts that arrive in that time
 * share the forward.
 */
export function intakeSteps(s: ServingInputs, b: number): number {
  if (s.prefillDelaySteps <= 0) return s.pollSteps;
  const perStep = Math.max(1e-9, b / Math.max(1, s.outputTokens - 1));
  return Math.max(s.pollSteps, Math.min(s.prefillDelaySteps, s.dataParallel / perStep));
}

/** Cycle time and derived rates at a batch of b sequences. */
function cycleAt(s: ServingInputs, b: number): { step: number; pb: number; cycle: number } {
  const step = s.stepMs(b);
  const decodeSteps = Math.max(0, s.outputTokens - 1);
  const promptsPerForward = Math.max(1, (b * intakeSteps(s, b)) / Math.max(1, decodeSteps));
  // Attention DP: the prompts of one forward land on min(n, dp) ranks; the busiest sets the time.
  const perPrompt = Math.max(
    s.prefillBatchedMs,
    s.prefillRankMs / Math.min(promptsPerForward, Math.max(1, s.dataParallel)),
  );
  const pb = perPrompt / Math.max(1, Math.min(s.pipeline, b)) + (b > 1 ? s.prefillForwardMs / promptsPerForward : 0);
  const cycle = decodeSteps * step + b * pb + (decodeSteps === 0 ? step : 0);
  return { step, pb, cycle };
}

/** Saturation points already computed, per serving model (atRate needs it on every call). */
const saturated = new WeakMap<ServingInputs, ServingPoint>();

/** Saturated operation: the largest batch, requests/s the replica sustains (computed once per model). */
export function saturation(s: ServingInputs): ServingPoint {
  let p = saturated.get(s);
  if (!p) {
    p = atConcurrency(s, s.maxBatch);
    saturated.set(s, p);
  }
  return p;
}

/** Closed loop: `concurrency` sequences in flight (requests beyond the batch cap queue). */
export function atConcurrency(s: ServingInputs, concurrency: number): ServingPoint {
  const b = Math.max(1, Math.min(concurrency, s.maxBatch));
  const { step, pb, cycle } = cycleAt(s, b);
  const reqPerMs = b / cycle;
  const queued = Math.max(0, concurrency - b);
  const queueMs = queued / reqPerMs;
  const O = s.outputTokens;
  const decodeSteps = Math.max(1, O - 1);
  // Others' prefills overlapping mine: each of the b−1 others is in prefill a fraction pb/cycle of the time.
  const f = Math.min(1, pb / cycle);
  const others = b - 1;
  const boundary = b > 1 ? step / 2 : 0;
  const base = s.prefillLatencyMs + s.ttftOverheadMs + boundary + queueMs;
  // The wait for the scheduler's next look is uniform over the steps between looks.
  const poll = b > 1 ? (intakeSteps(s, b) - 1) * step : 0;
  const ttftMs = (q: number) => {
    const m = others * f;
    const k = Math.max(0, m + normalQuantile(q) * Math.sqrt(m * (1 - f)));
    return base + q * poll + k * pb;
  };
  const tpotMs = (q: number) => step + (countQuantile(others, q) * pb) / decodeSteps;
  return {
    batch: b,
    stepMs: step,
    cycleMs: cycle,
    outputTokensPerSecond: (b * O * 1000) / cycle,
    requestsPerSecond: reqPerMs * 1000,
    utilization: Math.min(1, concurrency / s.maxBatch),
    stable: true,
    ttftMs,
    tpotMs,
  };
}

/** Thrown when a replica's capacity is not a positive finite rate; callers turn it into a finding. */
export class DegenerateCapacityError extends Error {
  constructor(maxRps: number) {
    super(
      `the replica's capacity comes out as ${Number.isNaN(maxRps) ? 'not a number' : `${maxRps} requests/s`}, so no latency can be estimated (check \`hardwareOverrides\` and the model's architecture for values near zero)`,
    );
    this.name = 'DegenerateCapacityError';
  }
}

/**
 * Open loop: Poisson arrivals at `rps` requests/s. Above capacity, the saturated point at 99% of
 * it (computed without recursion: a capacity of 0 or NaN used to recurse until the stack ran out).
 * Throws DegenerateCapacityError when the capacity is not a positive finite number.
 * `belowBatch`: a batch known to be at or below this rate's fixed point (the batch of the same
 * model at a lower rate), to start the fixed-point climb from instead of 1 — curves sweep rates
 * upwards, and the climb then needs a step or two instead of five.
 */
export function atRate(s: ServingInputs, rps: number, belowBatch = 1): ServingPoint {
  const maxRps = saturation(s).requestsPerSecond;
  if (!(maxRps > 0) || !Number.isFinite(maxRps)) throw new DegenerateCapacityError(maxRps);
  if (rps / maxRps < 1) return openLoop(s, rps, maxRps, belowBatch);
  // Overloaded: the queue grows without bound; report the saturated point at 99% load.
  return { ...openLoop(s, maxRps * 0.99, maxRps, belowBatch), utilization: 1, stable: false };
}

/** The open-loop point at `rps` < `maxRps` (both positive and finite). */
function openLoop(s: ServingInputs, rps: number, maxRps: number, belowBatch: number): ServingPoint {
  const lam = Math.max(0, rps) / 1000; // per ms
  const O = s.outputTokens;
  const decodeSteps = Math.max(1, O - 1);
  const rho = rps / maxRps;
  // Fixed point of Little's law: b = F(b) = λ·(TTFT + (O−1)·TPOT(b)), from b = 1 upwards.
  // With one pipeline stage F rises with b (steps get longer), so plain iteration climbs
  // monotonically to the smallest fixed point; with stages the prefill share pb falls as b grows
  // and F can bend down, so the step is damped there to avoid oscillating — and started from 1,
  // as the warm start (a batch below the smallest fixed point) relies on F rising.
  const damping = s.pipeline > 1 ? 0.5 : 0;
  let b = s.pipeline > 1 ? 1 : Math.max(1, Math.min(belowBatch, s.maxBatch));
  let step = s.stepMs(1);
  let pb = s.prefillBatchedMs;
  let tpot = step;
  for (let i = 0; i < 30; i++) {
    const c = cycleAt(s, b);
    step = c.step;
    pb = c.pb;
    const rhoP = Math.min(0.99, lam * pb);
    tpot = step / (1 - rhoP);
    const ttft = s.prefillLatencyMs + s.ttftOverheadMs + (step * intakeSteps(s, b)) / 2;
    const nb = Math.min(s.maxBatch, Math.max(1, lam * (ttft + decodeSteps * tpot)));
    if (Math.abs(nb - b) < 1e-3) {
      b = nb;
      break;
    }
    b = damping * b + (1 - damping) * nb;
  }
  const rhoP = Math.min(0.99, lam * pb);
  const prefillWaitMean = (rhoP * pb) / (2 * (1 - rhoP)); // M/D/1 mean wait for the prefill resource
  const c = Math.max(1, s.maxBatch);
  const lifetime = s.prefillLatencyMs + decodeSteps * tpot;
  const pSlot = Math.min(1, Math.pow(rho, Math.sqrt(2 * (c + 1)) - 1)); // Sakasegawa (1977)
  // Allen–Cunneen: an M/G/c wait is the M/M/c one × (C_a² + C_s²)/2, Poisson arrivals C_a² = 1.
  const slotWaitMean = ((pSlot * lifetime) / (c * (1 - rho))) * ((1 + s.serviceCv2) / 2);
  const base = s.prefillLatencyMs + s.ttftOverheadMs + step / 2;
  const poll = (intakeSteps(s, b) - 1) * step;
  const ttftMs = (q: number) =>
    base + q * poll + waitQuantile(prefillWaitMean, rhoP, q) + waitQuantile(slotWaitMean, pSlot, q);
  const prefillsDuring = lam * lifetime;
  const tpotMs = (q: number) => step + (countQuantile(prefillsDuring, q) * pb) / decodeSteps;
  return {
    batch: b,
    stepMs: step,
    cycleMs: cycleAt(s, b).cycle,
    outputTokensPerSecond: rps * O,
    requestsPerSecond: rps,
    utilization: rho,
    stable: true,
    ttftMs,
    tpotMs,
  };
}
