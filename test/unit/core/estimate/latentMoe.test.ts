/**
 * Latent MoE (catalog/schema.ts MoeSpecSchema `latentSize`; Kimi-K3 `routed_expert_hidden_size`):
 * routed experts run on a latentSize-wide projection of the hidden state, each MoE layer adds a
 * hidden → latent and a latent → hidden projection every token passes (16-bit in an
 * experts-only-quantized checkpoint), and tokens travel to their experts at the latent width.
 * Checked against hand arithmetic from Kimi-K3's safetensors tensor table (models.json notes:
 * 2,779,484,478,208 parameters, 105,364,019,968 active, index total_size 1,560,860,324,864 B).
 */
import { strict as assert } from 'node:assert';
import { catalog } from '../../../../src/core/catalog';
import { findModelByHuggingFaceId } from '../../../../src/core/catalog/aliases';
import { describeModel } from '../../../../src/core/catalog/describe';
import { matchModel } from '../../../../src/core/catalog/modelReference';
import { MoeSpecSchema } from '../../../../src/core/catalog/schema';
import type { ModelEntry } from '../../../../src/core/catalog/types';
import { calibration } from '../../../../src/core/estimate/calibration';
import { elementwiseBytesPerToken } from '../../../../src/core/estimate/elementwise';
import { kernelsPerForward, quantKernelsPerForward } from '../../../../src/core/estimate/kernels';
import { memoryModel } from '../../../../src/core/estimate/memory';
import { countParams, modelParams } from '../../../../src/core/estimate/params';
import { linearFlopsPerToken, timingModel } from '../../../../src/core/estimate/timing';
import { weightBytes, weightBytesPerGpu } from '../../../../src/core/estimate/weights';
import { estimate } from '../../../../src/core/estimate';
import { request } from '../../support/estimateFixtures';

const k3 = catalog.models.get('kimi-k3')!;
const mxfp4 = catalog.formats.get('mxfp4')!;
const b200 = catalog.hardware.get('b200')!;
const vllm = catalog.engines.get('vllm')!;

const H = 7168;
const LATENT = 3584;
const FFN = 3072;
const MOE_LAYERS = 92;
/** One KDA layer's projections, from the tensor table (models.json notes). */
const KDA = 443_740_416;
/** The MLA output gates (g_proj 12288 × 7168 on 24 layers) the shapes do not name. */
const GATES = 24 * 12288 * H;

/** Kimi-K3 without the latent: experts on the hidden state at the parameter-equivalent FFN 1536. */
const equivalent: ModelEntry = {
  ...k3,
  architecture: { ...k3.architecture, moe: { ...k3.architecture.moe!, latentSize: undefined, expertFfnSize: 1536 } },
};

function k3Request(model: ModelEntry, gpus: number, dp = 1) {
  const tp = gpus / dp;
  return request({
    model,
    hardware: b200,
    weights: mxfp4,
    engine: vllm,
    gpusPerReplica: gpus,
    parallelism: { tensor: tp, pipeline: 1, expert: gpus, data: dp },
  });
}

describe('latent MoE (Kimi-K3)', () => {
  it('is optional in the schema and Kimi-K3 resolves by its Hugging Face name', () => {
    const base = { experts: 8, expertsPerToken: 2, expertFfnSize: 64, sharedExperts: 0, denseLayers: 0 };
    assert.equal(MoeSpecSchema.safeParse(base).success, true);
    assert.equal(MoeSpecSchema.safeParse({ ...base, latentSize: 32 }).success, true);
    assert.equal(MoeSpecSchema.safeParse({ ...base, latentSize: 0 }).success, false);
    assert.equal(findModelByHuggingFaceId('moonshotai/Kimi-K3')?.id, 'kimi-k3');
    assert.equal(matchModel('moonshotai/Kimi-K3', catalog).model?.id, 'kimi-k3');
    assert.match(describeModel(k3), /3584-wide latent/);
  });

  it('counts experts on the latent, the two projections, and the KDA layers: the tensor table within 0.1%', () => {
    const c = countParams(k3.architecture);
    assert.equal(c.oneExpert, 3 * LATENT * FFN);
    assert.equal(c.routedExperts, 2_722_740_830_208);
    assert.equal(c.latentProjections, MOE_LAYERS * 2 * H * LATENT);
    assert.equal(c.moeLayers, MOE_LAYERS);
    // 69 KDA layers' projections + 24 MLA layers (latent projections + output projection).
    assert.equal(c.attention, 69 * KDA + 24 * (56_033_280 + 12288 * H));
    // Only the output gates, norms, AttnRes projections and router biases are missing.
    assert.equal(c.total, 2_777_366_066_432);
    assert.ok(Math.abs(c.total / k3.totalParams - 1) < 0.001);
    // The parameter-equivalent expert at hidden width has the same routed total, no projections.
    const e = countParams(equivalent.architecture);
    assert.equal(e.routedExperts, c.routedExperts);
    assert.equal(e.latentProjections, 0);
    assert.equal(c.total - e.total, c.latentProjections);
  });

  it('passes the projections on every token: active within 2% of the table, the output gates missing', () => {
    const p = modelParams(k3);
    const inputEmbedding = 163_840 * H;
    const table = k3.activeParams - inputEmbedding; // 104.19 B: the estimator's definition
    assert.ok(Math.abs(p.activePerToken / table - 1) < 0.021, `${p.activePerToken} vs ${table}`);
    // The residual is the output gates (2.11 B), less the rescale's 0.076%.
    const counted = countParams(k3.architecture).activePerToken;
    assert.equal(table - counted, GATES + 93 * 6 * H + 3 * H + MOE_LAYERS * (LATENT + 896) + 24 * 2048);
    // A model without latentSize is unchanged: activePerToken has no projection term.
    assert.equal(modelParams(equivalent).latentProjections, 0);
  });

  it('keeps the projections at 16 bits in the mxfp4 checkpoint: weights within 0.5% of total_size', () => {
    const w = weightBytes(k3, mxfp4);
    const p = w.params;
    assert.equal(w.nonExpertBody, (p.attention + p.denseFfn + p.sharedExperts + p.router + p.latentProjections) * 2);
    assert.equal(w.routedExperts, (p.routedExperts * 4.25) / 8);
    // Index total_size less the vision tower and projector (447,358,976 bf16 parameters).
    const language = 1_560_860_324_864 - 447_358_976 * 2;
    assert.ok(Math.abs(w.total / language - 1) < 0.005, `${w.total} vs ${language}`);
    // 8 GPUs, TP 8 / EP 8: a GPU holds an eighth, more than a B200's 180 GB.
    assert.ok(Math.abs(weightBytesPerGpu(w, 8, 1, 8) - w.total / 8) < 1);
    assert.ok(w.total / 8 > 180e9);
  });

  it('computes the projections at the 16-bit rate and the experts on the latent', () => {
    const req = k3Request(k3, 16);
    const mem = memoryModel(req, calibration);
    const p = mem.weights.params;
    assert.equal(linearFlopsPerToken(mem, req), 2 * (p.activePerToken - 163_840 * H));
    const t = timingModel(req, calibration);
    const te = timingModel(k3Request(equivalent, 16), calibration);
    // The latent projections join the 16-bit GEMMs of an experts-only format.
    assert.ok(t.sixteenBitGemmExtraFlopsPerToken > te.sixteenBitGemmExtraFlopsPerToken);
  });

  it('dispatches and combines at the latent width under wide EP', () => {
    const t = timingModel(k3Request(k3, 16, 16), calibration);
    const te = timingModel(k3Request(equivalent, 16, 16), calibration);
    assert.ok(t.allToAllPerTokenMs > 0);
    assert.ok(Math.abs(t.allToAllPerTokenMs / te.allToAllPerTokenMs - LATENT / H) < 1e-12);
  });

  it('adds three kernels a MoE layer and sums expert outputs at the latent width', () => {
    assert.equal(kernelsPerForward(k3.architecture) - kernelsPerForward(equivalent.architecture), 3 * MOE_LAYERS);
    assert.equal(
      quantKernelsPerForward(k3.architecture, 'experts'),
      quantKernelsPerForward(equivalent.architecture, 'experts'),
    );
    assert.equal(
      quantKernelsPerForward(k3.architecture, 'all') - quantKernelsPerForward(equivalent.architecture, 'all'),
      2 * MOE_LAYERS,
    );
    const par = { tensor: 8, pipeline: 1, expert: 8, data: 1 };
    const with_ = elementwiseBytesPerToken(k3.architecture, par);
    const without = elementwiseBytesPerToken(
      { ...equivalent.architecture, moe: { ...equivalent.architecture.moe!, expertFfnSize: FFN } },
      par,
    );
    // k outputs of L instead of h on 1/ep of the GPUs, plus the latent norm's 2L on each rank (2 bytes each).
    const expected = MOE_LAYERS * ((16 * (LATENT - H)) / 8 + 2 * LATENT) * 2;
    assert.ok(Math.abs(with_.rankBytes - without.rankBytes - expected) < 1e-6);
  });

  it('estimates end to end on 16 B200', () => {
    const r = estimate(k3Request(k3, 16));
    const gib = r.memory.perGpuGiB.weights.value;
    assert.ok(gib > 85 && gib < 95, `${gib}`);
  });
});
