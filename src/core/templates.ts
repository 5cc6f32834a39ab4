/**
 * The starter deployment file (command "New Deployment File"). It validates clean and compares
 * three placements, so a new user sees every surface at once.
 */
export const NEW_DEPLOYMENT_TEMPLATE = `apiVersion: llm-sizing/v1
kind: Deployment
name: my-assistant
description: Internal chat assistant — replace the numbers with yours

model:
  id: llama-3.1-8b           # hover for the architecture; Ctrl+Space lists the catalog
  weights: bf16

workload:
  inputTokens: 1000          # mean prompt, tokens
  outputTokens: 300          # mean answer, tokens
  peakRequestsPerSecond: 4   # the busiest hour
  averageRequestsPerSecond: 1
  slo:
    ttftMs: 800
    tpotMs: 60

constraints:
  monthlyBudgetUsd: 15000

placements:
  - name: own-gpus
    type: on-prem
    hardware: l40s-48gb
    gpus: auto               # the fewest GPUs that meet the SLOs
    engine: vllm

  - name: rented
    type: cloud
    hardware: h100-sxm-80gb
    gpus: 1
    engine: vllm
    location: eu

  - name: workstations
    type: edge
    hardware: rtx-4090-24gb
    engine: llama.cpp
    engineOptions: {parallel: 8}   # llama-server slots: requests decoded together
    model: {weights: q4_k_m}
    sites: 4
`;
