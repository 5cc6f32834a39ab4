/**
 * Hover text for a manifest: on an engine flag's value (or the GPU limit), what the number means
 * for the estimate — the KV pool and the sequences it holds, the GPUs the parallelism uses.
 * Markdown with every file string escaped.
 */
import type { TextRange } from '../findings';
import { escapeMarkdown } from '../report/markdown';
import { TYPICAL_OUTPUT_TOKENS, TYPICAL_PROMPT_TOKENS } from './analyze';
import type { ParsedFlag } from './commandLine';
import { ENGINE_NAMES, type FlagKey } from './flags';
import type { ServingContainer, ServingWorkload } from './index';

const inside = (r: TextRange | undefined, offset: number): r is TextRange =>
  !!r && offset >= r.start && offset <= r.end;
const n = (x: number): string => x.toLocaleString('en-US');
const gib = (x: number): string => `${x.toFixed(x >= 10 ? 1 : 2)} GiB`;

/** `--enforce-eager` / `--disable-cuda-graph` (timing.ts eagerDecode). */
const eagerText = (name: string): string =>
  `${name}: no CUDA graphs, so every decode step launches its kernels from the host as a prompt's pass does; the estimate charges each step the eager time per kernel instead of a graph replay's, which slows small batches most.`;

/** What a flag's value means for the estimate, in one paragraph. */
function flagText(c: ServingContainer, flag: ParsedFlag): string {
  const { placement: p, analysis: a } = c;
  const mem = a.result?.memory;
  const name = `\`${escapeMarkdown(flag.name)}\``;
  const pool = mem ? `KV pool ${gib(mem.kvPoolGiB.value)} per GPU` : 'KV pool unknown (no device or model)';
  const texts: Partial<Record<FlagKey, () => string>> = {
    maxModelLen: () =>
      `${name}: longest sequence the engine admits, ${n(a.maxModelLen ?? p.maxModelLen?.value ?? 0)} tokens` +
      (p.maxModelLen?.perSlotOf ? ` per slot (-c split over ${p.maxModelLen.perSlotOf} slots)` : '') +
      `. ${pool}${a.poolTokens !== undefined ? ` = ${n(a.poolTokens)} tokens per replica` : ''}` +
      (a.sequencesAtMaxLen !== undefined ? `: ${a.sequencesAtMaxLen} sequence(s) of this length at once` : '') +
      (p.model.model ? `. Model context: ${n(p.model.model.architecture.maxContextTokens)} tokens.` : '.'),
    ctxSize: () =>
      `${name}: the context the engine allocates KV for (${n(Number(p.engineOptions['ctxSize'] ?? p.engineOptions['numCtx'] ?? 0))} tokens in all)${p.maxModelLen?.perSlotOf ? `, ${n(p.maxModelLen.value)} per slot over ${p.maxModelLen.perSlotOf} slots` : ''}. ${pool}.`,
    memoryFraction: () =>
      `${name}: share of each GPU the engine budgets. ${mem ? `Weights ${gib(mem.perGpuGiB.weights.value)} + activations ${gib(mem.perGpuGiB.activations.value)} + runtime ${gib(mem.perGpuGiB.runtime.value)} of ${gib(mem.perGpuGiB.capacity.value)}; ${pool}.` : pool}`,
    tensor: () =>
      `${name}: tensor parallel ${p.tensor.value} × pipeline ${p.pipeline.value}${p.data.value > 1 ? ` × data ${p.data.value}` : ''} = ${p.tensor.value * p.pipeline.value * p.data.value} GPUs of the ${p.gpusPerReplica.value} per replica; weights per GPU = weights ÷ (tensor × pipeline)${mem ? ` = ${gib(mem.perGpuGiB.weights.value)}` : ''}.`,
    pipeline: () =>
      `${name}: ${p.pipeline.value} pipeline stages; each holds 1/${p.pipeline.value} of the layers and of their KV cache.`,
    maxNumSeqs: () =>
      `${name}: at most ${flag.value?.value ?? '?'} sequences scheduled at once; the KV pool holds ${a.sequencesAtTypical ?? '?'} of a typical ${n(TYPICAL_PROMPT_TOKENS + TYPICAL_OUTPUT_TOKENS)} tokens.`,
    schedulerRecvInterval: () =>
      `${name}: new requests are taken in every ${flag.value?.value ?? '?'} decode steps; under load a prompt waits (N−1)/2 steps on average before its prefill, and the prompts that arrived meanwhile share one forward.`,
    continuousDecodeSteps: () =>
      `${name}: ${flag.value?.value ?? '?'} decode steps run back to back before new requests are looked at; under load a prompt waits (k−1)/2 steps on average before its prefill.`,
    prefillDelayer: () =>
      `${name}: with attention DP, a prompt waits until every data-parallel rank has one (at most ${p.engineOptions['prefillDelayerMaxDelayPasses'] ?? 30} decode steps), so the ranks prefill in one forward and the others do not stall on it; under load that adds the wait to TTFT and takes the stalls out of TPOT.`,
    prefillDelayerPasses: () =>
      `${name}: the prefill delayer holds a prompt back at most ${flag.value?.value ?? '?'} decode steps.`,
    enforceEager: () => eagerText(name),
    disableCudaGraph: () => eagerText(name),
    allreduceFusion: () =>
      `${name}: each tensor-parallel all-reduce runs with the residual add and RMSNorm after it as one kernel, so a forward launches two fewer kernels per layer.`,
    quantization: () =>
      `${name}: weights as ${escapeMarkdown(p.weights?.value ?? '?')}${p.model.checkpointWeights ? `; the checkpoint's name says ${escapeMarkdown(p.model.checkpointWeights)}` : ''}.`,
    kvCacheDtype: () =>
      `${name}: KV cache stored as ${escapeMarkdown(a.request?.kvCache.id ?? p.kvCache?.value ?? '?')}.`,
  };
  return (texts[flag.key] ?? (() => `${name}: read by ${ENGINE_NAMES[c.command.engine]}.`))();
}

/** The hover at an offset of a manifest, or undefined. */
export function manifestHover(
  workloads: readonly ServingWorkload[],
  offset: number,
): { markdown: string; range: TextRange } | undefined {
  for (const w of workloads) {
    for (const c of w.containers) {
      for (const flag of c.command.flags.values()) {
        const range = flag.value?.range ?? flag.nameRange;
        if (inside(range, offset) || inside(flag.nameRange, offset))
          return { markdown: `${flagText(c, flag)}\n\n${escapeMarkdown(c.analysis.headline)}`, range };
      }
      const gpus = c.placement.gpusPerReplica;
      if (gpus.stated && inside(gpus.range, offset)) {
        const p = c.placement;
        return {
          markdown: `${gpus.value} GPU(s) per replica × ${w.object.replicas} replica(s) = ${gpus.value * w.object.replicas} devices. The engine uses tensor ${p.tensor.value} × pipeline ${p.pipeline.value}${p.data.value > 1 ? ` × data ${p.data.value}` : ''}.\n\n${escapeMarkdown(c.analysis.headline)}`,
          range: gpus.range!,
        };
      }
      if (inside(c.command.anchor, offset))
        return { markdown: escapeMarkdown(c.analysis.headline), range: c.command.anchor };
    }
  }
  return undefined;
}
