/**
 * Catalog entries as Markdown, for hovers and completion details: the facts the estimator uses
 * and where they come from.
 */
import { formatDecimal } from '../report/format';
import type { EngineEntry, FormatEntry, HardwareEntry, KvAdmissionRule, LayerAttention, ModelEntry } from './types';

const fmt = formatDecimal;
const billions = (n: number) => `${fmt(n / 1e9, 2)} B`;

function sourcesBlock(sources: string[]): string {
  return sources.length ? `\n\n**Sources**\n${sources.map((s) => `- ${s}`).join('\n')}` : '';
}

function notesBlock(notes: string[] | undefined): string {
  return notes?.length ? `\n\n${notes.map((n) => `> ${n}`).join('\n>\n')}` : '';
}

/** One-line summary of a model (completion detail). */
export function modelSummary(m: ModelEntry): string {
  const moe = m.architecture.moe
    ? `, MoE ${m.architecture.moe.expertsPerToken}/${m.architecture.moe.experts} experts`
    : '';
  return `${billions(m.totalParams)} params${m.totalParams !== m.activeParams ? ` (${billions(m.activeParams)} active)` : ''}${moe}, ${fmt(m.architecture.maxContextTokens, 0)} ctx`;
}

function layerText(x: LayerAttention): string {
  switch (x.kind) {
    case 'full':
      return x.sparse
        ? `block-sparse full (top-${x.sparse.topK} tokens in blocks picked by a ${x.sparse.indexerHeads}×${x.sparse.indexerHeadDim} indexer)`
        : 'full';
    case 'sliding':
      return `sliding window ${fmt(x.windowTokens, 0)}`;
    case 'mla':
      if (isCompressed(x)) return compressedMlaText(x);
      return x.sparse
        ? `sparse MLA (KV latent ${x.kvLoraRank} + RoPE ${x.qkRopeHeadDim}; top-${x.sparse.topK} tokens picked by ${indexerText(x.sparse)})`
        : `MLA (KV latent ${x.kvLoraRank} + RoPE ${x.qkRopeHeadDim})`;
    case 'none':
      return 'none (recurrent state)';
  }
}

type Mla = Extract<LayerAttention, { kind: 'mla' }>;

/** "a 32×128 indexer", or for a layer sharing one (GLM-5.2's IndexShare) "an earlier layer's 32×128 indexer (shared)". */
function indexerText(ix: NonNullable<Mla['sparse']>): string {
  const dims = `${ix.indexerHeads}×${ix.indexerHeadDim}`;
  return ix.sharedIndexer === true
    ? `an earlier layer's ${dims} indexer (shared, none of its own)`
    : `a ${dims} indexer`;
}

/** Whether an MLA layer uses DeepSeek-V4's compressed-attention fields (catalog/schema.ts MlaCompressionFields). */
function isCompressed(x: Mla): boolean {
  return (
    x.compressRatio !== undefined ||
    x.windowTokens !== undefined ||
    x.kvUpProjection !== undefined ||
    x.groupedOutput !== undefined
  );
}

/** e.g. "compressed sparse MLA (1 entry per 4 tokens of latent 448 + RoPE 64, K = V; top-1024 ...; + a 128-token window)". */
function compressedMlaText(x: Mla): string {
  const ratio = x.compressRatio ?? 1;
  const entry = `latent ${x.kvLoraRank} + RoPE ${x.qkRopeHeadDim}${x.kvUpProjection === false ? ', K = V, no up-projection' : ''}`;
  const parts =
    ratio === 0
      ? [`window-only MLA (${entry}`]
      : [
          `${ratio > 1 ? 'compressed ' : ''}${x.sparse ? 'sparse ' : ''}MLA (${ratio > 1 ? `1 entry per ${fmt(ratio, 0)} tokens of ` : ''}${entry}`,
        ];
  if (x.sparse && ratio !== 0) parts.push(`top-${x.sparse.topK} entries picked by ${indexerText(x.sparse)}`);
  if (x.windowTokens !== undefined) parts.push(`${ratio === 0 ? '' : '+ '}a ${fmt(x.windowTokens, 0)}-token window`);
  if (x.groupedOutput) parts.push(`output in ${x.groupedOutput.groups} groups of rank ${x.groupedOutput.rank}`);
  return `${parts.join('; ')})`;
}

/** A long per-layer pattern (DeepSeek-V4 lists all 61 layers) reads better as counts of each kind. */
const LONG_PATTERN = 8;

function attentionText(m: ModelEntry): string {
  const a = m.architecture.attention;
  if (!('pattern' in a)) return layerText(a);
  if (a.pattern.length <= LONG_PATTERN) return `repeating [${a.pattern.map(layerText).join(', ')}]`;
  const counts = new Map<string, number>();
  for (const t of a.pattern.map(layerText)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return `${a.pattern.length} layers: ${[...counts].map(([t, n]) => `${n} × ${t}`).join(', ')}`;
}

export function describeModel(m: ModelEntry): string {
  const a = m.architecture;
  const rows = [
    ['parameters', `${billions(m.totalParams)} total, ${billions(m.activeParams)} active per token`],
    ['layers × hidden', `${a.layers} × ${a.hiddenSize}`],
    ['attention heads / KV heads / head dim', `${a.attentionHeads} / ${a.kvHeads} / ${a.headDim}`],
    ['attention', attentionText(m)],
    ['FFN size', `${a.ffnSize}`],
    ['vocabulary', `${fmt(a.vocabSize, 0)}${a.tiedEmbeddings ? ' (tied embeddings)' : ''}`],
    ['max context', `${fmt(a.maxContextTokens, 0)} tokens`],
    ['released weights', m.nativeWeights],
  ];
  if (a.moe)
    rows.push([
      'experts',
      `${a.moe.experts} routed (${a.moe.expertsPerToken} per token, FFN ${a.moe.expertFfnSize}${a.moe.latentSize !== undefined ? `, on a ${a.moe.latentSize}-wide latent` : ''}), ${a.moe.sharedExperts} shared, ${a.moe.denseLayers} dense layers`,
    ]);
  return `**${m.name}** \`${m.id}\`\n\n| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}${notesBlock(m.notes)}${sourcesBlock(m.sources)}`;
}

export function hardwareSummary(h: HardwareEntry): string {
  return `${h.vendor} · ${fmt(h.memoryGB, 0)} GB · ${fmt(h.memoryBandwidthGBps, 0)} GB/s · ${h.tflops.bf16 ?? '?'} TFLOPS bf16 · ${h.tdpW} W`;
}

export function describeHardware(h: HardwareEntry): string {
  const t = h.tflops;
  const tf = (v: number | null | undefined) => (v === null || v === undefined ? '—' : fmt(v));
  const rows = [
    [
      'memory',
      `${fmt(h.memoryGB, 0)} GB nominal, ${fmt(h.visibleMemoryGiB, 2)} GiB visible${h.memoryConfigsGB ? ` (configurations: ${h.memoryConfigsGB.join(', ')} GB)` : ''}`,
    ],
    ['bandwidth', `${fmt(h.memoryBandwidthGBps, 1)} GB/s peak`],
    ['dense TFLOPS bf16 / fp8 / int8 / fp4', `${tf(t.bf16)} / ${tf(t.fp8)} / ${tf(t.int8)} / ${tf(t.fp4)}`],
    ['power', `${h.tdpW} W${h.idleW ? ` (idle ${h.idleW} W)` : ''}`],
    ['interconnect', `${h.interconnect.kind}, ${fmt(h.interconnect.perGpuGBps, 0)} GB/s per GPU per direction`],
  ];
  if (h.purchasePrice)
    rows.push([
      'reference price',
      `$${fmt(h.purchasePrice.usd, 0)} (${h.purchasePrice.date}; ${h.purchasePrice.source})`,
    ]);
  if (h.cloudPricePerGpuHour)
    rows.push([
      'cloud per GPU-hour',
      `$${fmt(h.cloudPricePerGpuHour.usd, 2)} (${h.cloudPricePerGpuHour.date}; ${h.cloudPricePerGpuHour.source})`,
    ]);
  return `**${h.name}** \`${h.id}\` — ${h.class.replace('-', ' ')}, confidence ${h.confidence}\n\n| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}${notesBlock(h.notes)}${sourcesBlock(h.sources)}`;
}

export function formatSummary(f: FormatEntry): string {
  return `${f.bitsPerWeight} bits/weight · ${f.usableFor.join(' + ')}`;
}

export function describeFormat(f: FormatEntry): string {
  const rows = [
    ['bits per weight', `${f.bitsPerWeight} (block scales included)`],
    ['embeddings / output head', `${f.embeddingBitsPerWeight} bits per weight`],
    ['matrix math at', f.computePrecision],
    ['usable for', f.usableFor.join(', ')],
  ];
  if (f.mix) rows.push(['mix', f.mix]);
  return `**${f.name}** \`${f.id}\`\n\n| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}${sourcesBlock(f.sources)}`;
}

export function engineSummary(e: EngineEntry): string {
  return `${e.memoryContract.kind}${e.memoryContract.defaultFraction ? ` ${e.memoryContract.defaultFraction}` : ''}`;
}

/** `bf16`, or `bf16; fp8 for fp8 and nvfp4 weights, except MLA models` when the weights change it. */
function defaultKvText(e: EngineEntry): string {
  const byWeights = e.defaultKvByWeights;
  if (!byWeights) return e.defaultKv;
  const kvs = [...new Set(Object.values(byWeights.weights))];
  const rules = kvs.map((kv) => {
    const weights = Object.keys(byWeights.weights).filter((w) => byWeights.weights[w] === kv);
    return `${kv} for ${weights.join(' and ')} weights`;
  });
  return `${e.defaultKv}; ${rules.join(', ')}${byWeights.exceptMla ? ', except MLA models' : ''}`;
}

/** Which option values reserve a request's whole length and which admit on the blocks in use. */
function kvAdmissionText(a: NonNullable<EngineEntry['kvAdmission']>): string {
  const rules: Array<[KvAdmissionRule, string]> = [
    ['reserve-full-length', "reserve a request's whole length before admitting it"],
    ['blocks-in-use', 'admit on the blocks in use'],
  ];
  const parts = rules.flatMap(([rule, what]) => {
    const values = Object.keys(a.values).filter((v) => a.values[v] === rule);
    return values.length ? [`${values.map((v) => (v === a.default ? `${v} (default)` : v)).join(', ')}: ${what}`] : [];
  });
  return `\`${a.option}\` (${a.label}): ${parts.join('; ')}`;
}

export function describeEngine(e: EngineEntry): string {
  const c = e.memoryContract;
  const rows = [
    ['memory contract', `${c.kind}${c.defaultFraction !== undefined ? `, default ${c.defaultFraction}` : ''}`],
    ['runtime reserve', `${c.runtimeReserveGiB} GiB per GPU${c.marginGiB ? `, margin ${c.marginGiB} GiB` : ''}`],
    ['KV block', c.kvBlockTokens ? `${c.kvBlockTokens} tokens` : '—'],
    ['weight formats', e.weightFormats.join(', ')],
    ['KV formats', `${e.kvFormats.join(', ')} (default ${defaultKvText(e)})`],
    ['engineOptions', e.options.map((o) => `\`${o}\``).join(', ')],
  ];
  if (e.kvAdmission) rows.push(['KV admission', kvAdmissionText(e.kvAdmission)]);
  if (e.defaultKvConnector)
    rows.push(['P/D KV connector', `${e.defaultKvConnector} when a disaggregated placement names none`]);
  return `**${e.name}** \`${e.id}\`\n\n| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}${notesBlock(e.notes)}${sourcesBlock(e.sources)}`;
}
