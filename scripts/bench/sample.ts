/** The deployment format's example, used as the unit of benchmark files. */
export const EXAMPLE_DEPLOYMENT = `apiVersion: llm-sizing/v1
kind: Deployment
name: support-assistant
description: RAG assistant for EU customer support

model:
  id: llama-3.1-70b          # catalog id (see catalog-ids.md) ...
  weights: fp8               # weight format: bf16 fp16 fp8 int8 int4-awq int4-gptq nvfp4 mxfp4 q8_0 q6_k q5_k_m q4_k_m q4_0 ...
  kvCache: fp8               # optional; default: the engine's default for these weights
  # architecture: {...}     # ... or a custom model described inline instead of \`id\`

workload:
  inputTokens: 1800          # mean prompt length, tokens (RAG context included)
  outputTokens: 350          # mean generated length, tokens
  peakRequestsPerSecond: 6   # the busiest hour
  averageRequestsPerSecond: 1.5
  # concurrency: 40          # alternative to request rates: closed-loop concurrent users
  slo:
    ttftMs: 1000             # time to first token
    tpotMs: 50               # time per output token after the first
    percentile: 95           # optional, default 95

constraints:                 # all optional
  dataResidency: on-prem     # on-prem | <region label> | any
  monthlyBudgetUsd: 40000
  maxPowerKw: 12

placements:
  - name: frankfurt-dc
    type: on-prem
    hardware: h100-sxm-80gb
    gpus: 4                  # or \`auto\`: the fewest that meet the SLOs at peak
    engine: vllm             # vllm | sglang | tensorrt-llm | llama.cpp | ollama
    parallelism: {tensor: 2} # tensor, pipeline, expert; replicas = gpus / (tensor × pipeline)
    engineOptions: {gpuMemoryUtilization: 0.9, maxModelLen: 16384}
    location: eu
    costs: {capexUsd: 160000, amortizationMonths: 36, electricityUsdPerKwh: 0.21, pue: 1.35}

  - name: base-plus-burst
    type: hybrid
    onPrem: {hardware: l40s-48gb, gpus: 4, engine: vllm, parallelism: {tensor: 4}}
    cloud:  {hardware: h100-sxm-80gb, gpus: 2, engine: vllm, parallelism: {tensor: 2}, usdPerGpuHour: 3.9, location: eu}

  - name: branch-offices
    type: edge
    hardware: jetson-agx-orin-64gb
    model: {weights: q4_k_m}  # a placement may override model fields
    engine: llama.cpp
    sites: 30                 # the workload is split evenly over sites unless perSite is given
    devicesPerSite: 1
    networkRttMs: 4           # user ↔ device round trip, added to TTFT
`;
