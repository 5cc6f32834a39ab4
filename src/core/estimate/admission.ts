/**
 * When an engine admits a request into its paged KV pool, read from its catalog entry
 * (engines.json `kvAdmission`) rather than from branches on its id: TensorRT-LLM's capacity
 * scheduler (`capacitySchedulerPolicy`) reserves a request's whole length by default, while vLLM
 * and SGLang, which have no such entry, admit on the blocks in use.
 */
import type { EngineEntry, KvAdmissionRule } from '../catalog/types';
import { kvAdmissionValue } from '../catalog/kvAdmission';
import type { EngineOptions, EstimateRequest } from './types';

/** The admission rule in effect for one deployment of an engine that has a `kvAdmission` entry. */
export interface KvAdmissionInEffect {
  rule: KvAdmissionRule;
  /** The option's value in effect, spelled as in the catalog (`GUARANTEED_NO_EVICT`). */
  value: string;
  /** Whether the deployment chose it (false: the engine's default). */
  chosen: boolean;
}

/**
 * The rule an engine admits requests by under `options`, or undefined when its entry has no
 * `kvAdmission` (its memory contract decides). A value the engine does not accept is reported by
 * validation (LLMS012) and estimated as the default, so the estimate still shows the engine's own.
 */
function kvAdmission(engine: EngineEntry, options: EngineOptions): KvAdmissionInEffect | undefined {
  const spec = engine.kvAdmission;
  if (!spec) return undefined;
  const chosen = kvAdmissionValue(engine, options[spec.option]);
  const value = chosen ?? spec.default;
  return { rule: spec.values[value] as KvAdmissionRule, value, chosen: chosen !== undefined };
}

/**
 * The assumption that explains a batch of full-length sequences, naming the policy in effect and
 * the values that would admit on the blocks in use, e.g. "TensorRT-LLM admits a request once KV
 * blocks for its whole length, prompt + output, are reserved: capacity scheduler STATIC_BATCH, set
 * by engineOptions.capacitySchedulerPolicy; MAX_UTILIZATION admits on the blocks in use".
 */
function reservedAdmissionText(engine: EngineEntry, inEffect: KvAdmissionInEffect): string {
  const spec = engine.kvAdmission;
  const head = `${engine.name} admits a request once KV blocks for its whole length, prompt + output, are reserved`;
  if (!spec) return head;
  const policy = inEffect.chosen
    ? `${spec.label} ${inEffect.value}, set by engineOptions.${spec.option}`
    : `its default ${spec.label} ${inEffect.value}`;
  const paged = Object.keys(spec.values).filter((v) => spec.values[v] === 'blocks-in-use');
  if (!paged.length) return `${head}: ${policy}`;
  // With the default in effect the reader has not seen the option yet, so name it; a chosen value already did.
  const how = inEffect.chosen ? paged.join(' or ') : `engineOptions.${spec.option}: ${paged.join(' or ')}`;
  return `${head}: ${policy}; ${how} ${paged.length === 1 ? 'admits' : 'admit'} on the blocks in use`;
}

/** Whether the engine's KV pool is paged (allocated as sequences grow), not reserved per slot. */
export function pagedKv(req: EstimateRequest): boolean {
  return req.engine.memoryContract.kind !== 'fit-with-margin';
}

/**
 * The admission in effect when the engine admits a request only once KV blocks for its whole
 * length (prompt + maximum new tokens) are reserved (undefined otherwise), as its catalog entry's
 * `kvAdmission` says for the options in effect: TensorRT-LLM's default capacity scheduler,
 * `GUARANTEED_NO_EVICT` (tensorrt_llm/llmapi/llm_args.py SchedulerConfig.capacity_scheduler_policy;
 * the C++ GuaranteedNoEvictScheduler counts each running request's blocks to completion), which
 * trtllm-serve and trtllm-bench use. Its blocks are still paged, but the batch is the number of
 * sequences that fit at full length; `MAX_UTILIZATION` admits on the blocks in use, as vLLM and
 * SGLang (no `kvAdmission` entry) do.
 */
export function reservesToCompletion(req: EstimateRequest): KvAdmissionInEffect | undefined {
  const admission = kvAdmission(req.engine, req.engineOptions);
  return admission?.rule === 'reserve-full-length' ? admission : undefined;
}

/**
 * How the batch cap counts a sequence's KV, in words, for the assumptions and "Explain Estimate"
 * (undefined for a slot engine, whose slots reserve their whole context: `fit-with-margin`).
 */
export function batchAdmissionText(req: EstimateRequest): string | undefined {
  const reserved = reservesToCompletion(req);
  if (reserved) return reservedAdmissionText(req.engine, reserved);
  return pagedKv(req) ? 'paged KV holds sequences at their mean in-flight length, prompt + half the output' : undefined;
}
