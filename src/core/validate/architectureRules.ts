/**
 * The shape rules every model architecture must obey, whether it comes from the catalog or is
 * written in a deployment file: the estimator divides by these fields and subtracts them from
 * each other, so a model with more KV heads than query heads, more active than total parameters,
 * more experts per token than experts or more dense layers than layers gives negative or zero
 * work (a "TTFT p95 0 ms" recommendation) instead of an error. One function for both, so the
 * catalog's shape test and the validator cannot drift apart.
 */
import { num, obj, type Loose } from './targets';

export interface ArchitectureProblem {
  /** The offending field, relative to the architecture (`['moe', 'expertsPerToken']`) or `['activeParams']`. */
  field: Array<string>;
  message: string;
}

/**
 * Inconsistencies between fields of `architecture` (loose data: missing or mistyped fields are the
 * schema's business and are skipped). `params` gives total and active parameters when they live
 * outside the architecture (catalog entries); custom architectures carry them inside.
 */
export function architectureProblems(
  architecture: Loose,
  params: { totalParams?: number; activeParams?: number } = {},
): ArchitectureProblem[] {
  const out: ArchitectureProblem[] = [];
  const heads = num(architecture, 'attentionHeads');
  const kvHeads = num(architecture, 'kvHeads');
  if (heads !== undefined && kvHeads !== undefined && kvHeads > heads) {
    out.push({
      field: ['kvHeads'],
      message: `\`kvHeads\` (${kvHeads}) is more than \`attentionHeads\` (${heads}): key/value heads are shared by query heads (GQA), so there are at most as many.`,
    });
  }
  const total = params.totalParams ?? num(architecture, 'totalParams');
  const active = params.activeParams ?? num(architecture, 'activeParams');
  if (total !== undefined && active !== undefined && active > total) {
    out.push({
      field: ['activeParams'],
      message: `\`activeParams\` (${active}) is more than \`totalParams\` (${total}): a token uses at most all of the model's parameters.`,
    });
  }
  const moe = obj(architecture, 'moe');
  const experts = num(moe, 'experts');
  const perToken = num(moe, 'expertsPerToken');
  if (experts !== undefined && perToken !== undefined && perToken > experts) {
    out.push({
      field: ['moe', 'expertsPerToken'],
      message: `\`moe.expertsPerToken\` (${perToken}) is more than \`moe.experts\` (${experts}): a token is routed to some of the experts, at most all of them.`,
    });
  }
  const layers = num(architecture, 'layers');
  const denseLayers = num(moe, 'denseLayers');
  if (layers !== undefined && denseLayers !== undefined && denseLayers > layers) {
    out.push({
      field: ['moe', 'denseLayers'],
      message: `\`moe.denseLayers\` (${denseLayers}) is more than \`layers\` (${layers}): the dense layers are some of the model's layers.`,
    });
  }
  return out;
}
