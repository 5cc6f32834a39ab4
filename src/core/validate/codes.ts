/**
 * The registry of finding codes. Codes are stable: never renumber or reuse one.
 * `docs/diagnostics.md` is generated from this table (`npm run build`), and a unit test checks
 * that every code here is produced by at least one fixture.
 */
import type { Severity } from '../findings';

export interface CodeInfo {
  code: string;
  /** Short kebab-case name. */
  name: string;
  severity: Severity;
  /** What it means, for the docs. */
  summary: string;
  /** A minimal YAML snippet that triggers it. */
  example: string;
  /** How to fix it. */
  fix: string;
}

export const CODES = {
  fileEncoding: {
    code: 'LLMS000',
    name: 'file-encoding',
    severity: 'error',
    summary:
      'The file is not UTF-8: it starts with a UTF-16 byte order mark, or every other byte is NUL (UTF-16 without a mark). Deployment files are read as UTF-8.',
    example: '(a file saved as UTF-16)',
    fix: 'Save the file as UTF-8 (in VS Code: "Save with Encoding" → UTF-8).',
  },
  yamlSyntax: {
    code: 'LLMS001',
    name: 'yaml-syntax',
    severity: 'error',
    summary: 'The text is not well-formed YAML.',
    example: 'workload: {inputTokens: 10',
    fix: 'Correct the syntax at the marked place (unclosed bracket or quote, bad indentation, tab indentation).',
  },
  duplicateKey: {
    code: 'LLMS002',
    name: 'duplicate-key',
    severity: 'error',
    summary: 'A mapping has the same key twice; YAML forbids it and tools disagree on which value wins.',
    example: 'name: a\nname: b',
    fix: 'Delete one of the two keys.',
  },
  aliasLimit: {
    code: 'LLMS003',
    name: 'alias-limit',
    severity: 'error',
    summary: 'Anchors and aliases would expand to too many nodes (an "alias bomb"), or an alias names no anchor.',
    example: 'a: &a [x, x]\nb: &b [*a, *a]\n# ... nested many times',
    fix: 'Write the values out, or use fewer nested aliases.',
  },
  missingMarker: {
    code: 'LLMS004',
    name: 'missing-marker',
    severity: 'error',
    summary: 'A file matched by the deployment-file globs lacks `apiVersion: llm-sizing/v1` and `kind: Deployment`.',
    example: 'name: my-deployment\nmodel: {id: llama-3.1-8b}',
    fix: 'Add `apiVersion: llm-sizing/v1` and `kind: Deployment` at the top of the document.',
  },
  unsupportedApiVersion: {
    code: 'LLMS005',
    name: 'unsupported-api-version',
    severity: 'error',
    summary: 'The document says it is an llm-sizing document of a version this tool does not know.',
    example: 'apiVersion: llm-sizing/v2\nkind: Deployment',
    fix: 'Use `apiVersion: llm-sizing/v1`.',
  },
  tooComplex: {
    code: 'LLMS006',
    name: 'too-complex',
    severity: 'error',
    summary:
      'The document nests deeper than any deployment can (limit 64 levels) or is larger than the size limit; it is not analysed further.',
    example:
      'a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
    fix: 'Flatten the structure; deployment files need only a few levels.',
  },
  notPlainData: {
    code: 'LLMS009',
    name: 'not-plain-data',
    severity: 'error',
    summary:
      'Only plain YAML data is read (mappings with string keys, lists, strings, numbers, booleans, null). A tag such as `!!omap`, `!!set`, `!!pairs`, `!!binary`, `!!timestamp` or `!custom`, a complex (collection) key, or a YAML 1.1 date or sexagesimal number would turn into something the format cannot read — a block written with `!!omap` would silently vanish.',
    example: 'workload:\n  slo: !!omap\n    - ttftMs: 500',
    fix: 'Remove the tag (or quote the value); write keys as plain strings.',
  },
  notAMapping: {
    code: 'LLMS007',
    name: 'not-a-mapping',
    severity: 'error',
    summary: 'A deployment document must be a mapping of keys to values.',
    example: '- apiVersion: llm-sizing/v1',
    fix: 'Write the document as `key: value` lines.',
  },
  unknownKey: {
    code: 'LLMS010',
    name: 'unknown-key',
    severity: 'error',
    summary: 'A key that the format does not define (often a typo); it would be silently ignored otherwise.',
    example: 'workload:\n  inputToken: 100',
    fix: 'Use one of the keys the message lists; the quick fix renames to the nearest one.',
  },
  wrongType: {
    code: 'LLMS011',
    name: 'wrong-type',
    severity: 'error',
    summary: 'A value has the wrong type (text where a number is expected, a list where a mapping is expected, ...).',
    example: 'workload:\n  inputTokens: "lots"',
    fix: 'Write a value of the type the message names.',
  },
  outOfRange: {
    code: 'LLMS012',
    name: 'out-of-range',
    severity: 'error',
    summary: 'A number is outside the allowed range, or not a whole number where one is required.',
    example: 'workload:\n  outputTokens: 0',
    fix: 'Use a value within the range the message gives.',
  },
  missingField: {
    code: 'LLMS013',
    name: 'missing-field',
    severity: 'error',
    summary: 'A required field is missing.',
    example: 'workload:\n  outputTokens: 100   # inputTokens missing',
    fix: 'Add the field; the quick fix inserts it with a placeholder value.',
  },
  invalidValue: {
    code: 'LLMS014',
    name: 'invalid-value',
    severity: 'error',
    summary: 'A value is not one of the allowed choices (placement `type`, `kind`, ...).',
    example: 'placements:\n  - name: x\n    type: colo',
    fix: 'Use one of the values the message lists.',
  },
  unknownModel: {
    code: 'LLMS020',
    name: 'unknown-model',
    severity: 'error',
    summary: 'The model id is not in the catalog.',
    example: 'model:\n  id: llama-3.1-7b',
    fix: "Use a catalog id (the quick fix offers the nearest; a Hugging Face repo of a catalog model's checkpoint, such as `nvidia/Llama-3.3-70B-Instruct-FP8`, is named with the weights it holds), or describe the model inline with `architecture`.",
  },
  unknownHardware: {
    code: 'LLMS021',
    name: 'unknown-hardware',
    severity: 'error',
    summary: 'The hardware id is not in the catalog.',
    example: 'hardware: h100-sxm-80g',
    fix: 'Use a catalog id; the quick fix offers the nearest.',
  },
  unknownWeightFormat: {
    code: 'LLMS022',
    name: 'unknown-weight-format',
    severity: 'error',
    summary: 'The weight format is not known, or is a KV-only format.',
    example: 'model:\n  weights: q4km',
    fix: 'Use a weight format that `llm-sizing catalog formats` lists; the quick fix offers the nearest.',
  },
  unknownKvFormat: {
    code: 'LLMS023',
    name: 'unknown-kv-format',
    severity: 'error',
    summary: 'The KV-cache format is not known or cannot hold a KV cache.',
    example: 'model:\n  kvCache: q4_k_m',
    fix: 'Use bf16, fp16, fp8, int8, q8_0 or q4_0.',
  },
  unknownEngine: {
    code: 'LLMS024',
    name: 'unknown-engine',
    severity: 'error',
    summary: 'The engine is not one of vllm, sglang, tensorrt-llm, llama.cpp, ollama, tgi, lmdeploy, mlx, rtp-llm.',
    example: 'engine: vlm',
    fix: 'Use a known engine; the quick fix offers the nearest.',
  },
  formatNotSupportedByEngine: {
    code: 'LLMS025',
    name: 'format-not-supported-by-engine',
    severity: 'warning',
    summary:
      'The engine cannot load this weight format or use this KV-cache format (e.g. GGUF q4_k_m on TensorRT-LLM).',
    example: 'engine: tensorrt-llm\nmodel: {weights: q4_k_m}',
    fix: 'Pick a format the engine supports (listed in the message) or another engine.',
  },
  unknownEngineOption: {
    code: 'LLMS026',
    name: 'unknown-engine-option',
    severity: 'warning',
    summary: 'An `engineOptions` key that the chosen engine does not have; it is ignored by the estimate.',
    example: 'engine: vllm\nengineOptions: {ctxSize: 8192}',
    fix: 'Use one of the options listed for that engine.',
  },
  parallelismDoesNotDivide: {
    code: 'LLMS030',
    name: 'parallelism-does-not-divide',
    severity: 'error',
    summary: '`tensor × pipeline × data` must divide `gpus` so that every replica is whole.',
    example: 'gpus: 6\nparallelism: {tensor: 4}',
    fix: 'Change `gpus` to a multiple of tensor × pipeline × data (the quick fix rounds up), or change the parallelism.',
  },
  modelIdOrArchitecture: {
    code: 'LLMS031',
    name: 'model-id-or-architecture',
    severity: 'error',
    summary:
      "The deployment's model needs exactly one of `id` (catalog), `architecture` (custom), `config`, `huggingface`, `gguf` or `safetensors` (model files).",
    example: 'model:\n  weights: fp8',
    fix: 'Add `id: <catalog id>`, describe the model with `architecture`, or name its files (`config`, `huggingface`, `gguf`, `safetensors`).',
  },
  memoryGBNotUnified: {
    code: 'LLMS032',
    name: 'memory-gb-not-unified',
    severity: 'error',
    summary: '`memoryGB` picks a configuration of a unified-memory device; discrete GPUs have a fixed capacity.',
    example: 'hardware: h100-sxm-80gb\nmemoryGB: 96',
    fix: 'Remove `memoryGB`, or use `hardwareOverrides.visibleMemoryGiB` for a non-standard card.',
  },
  memoryGBNotOffered: {
    code: 'LLMS033',
    name: 'memory-gb-not-offered',
    severity: 'error',
    summary: 'The device is not sold with this memory configuration.',
    example: 'hardware: apple-m2-ultra\nmemoryGB: 96',
    fix: 'Use one of the configurations the message lists.',
  },
  duplicatePlacementName: {
    code: 'LLMS034',
    name: 'duplicate-placement-name',
    severity: 'error',
    summary: 'Two placements of one deployment share a name; reports and fixes address placements by name.',
    example: 'placements:\n  - name: a\n  - name: a',
    fix: 'Rename one of them.',
  },
  averageAbovePeak: {
    code: 'LLMS035',
    name: 'average-above-peak',
    severity: 'error',
    summary: '`averageRequestsPerSecond` is larger than `peakRequestsPerSecond`.',
    example: 'peakRequestsPerSecond: 2\naverageRequestsPerSecond: 5',
    fix: 'Swap or correct the two rates.',
  },
  noLoadGiven: {
    code: 'LLMS036',
    name: 'no-load-given',
    severity: 'error',
    summary:
      'The workload states neither a request rate (`peakRequestsPerSecond`) nor `concurrency`, so nothing can be sized.',
    example: 'workload:\n  inputTokens: 100\n  outputTokens: 100',
    fix: 'Add `peakRequestsPerSecond` (open-loop traffic) or `concurrency` (closed-loop users).',
  },
  contextBeyondModel: {
    code: 'LLMS037',
    name: 'context-beyond-model',
    severity: 'warning',
    summary: "Prompt plus output (or `maxModelLen`) is longer than the model's maximum context.",
    example: 'model: {id: llama-2-7b}\nworkload: {inputTokens: 6000, outputTokens: 500}',
    fix: 'Shorten the prompt or choose a model with a longer context.',
  },
  tensorParallelHeads: {
    code: 'LLMS038',
    name: 'tensor-parallel-heads',
    severity: 'error',
    summary: "The tensor-parallel degree must divide the model's attention heads (engines refuse otherwise).",
    example: 'model: {id: llama-3.1-8b}\nparallelism: {tensor: 3}',
    fix: 'Use a tensor degree that divides the number of attention heads (given in the message).',
  },
  expertParallelDense: {
    code: 'LLMS039',
    name: 'expert-parallel-dense',
    severity: 'warning',
    summary: 'Expert parallelism is set for a model without experts; it has no effect.',
    example: 'model: {id: llama-3.1-8b}\nparallelism: {expert: 2}',
    fix: 'Remove `expert`, or use tensor parallelism.',
  },
  tensorParallelOverPcie: {
    code: 'LLMS040',
    name: 'tensor-parallel-over-pcie',
    severity: 'info',
    summary:
      'Tensor parallelism across cards without NVLink/Infinity Fabric: two all-reduces per layer cross PCIe, which slows decode, often more than it gains.',
    example: 'hardware: l40s-48gb\ngpus: 4\nparallelism: {tensor: 4}',
    fix: 'Prefer fewer, larger GPUs, pipeline parallelism, or replicas (tensor 1) when the model fits on one card; the estimate includes the PCIe all-reduce cost.',
  },
  fp8WithoutHardwareSupport: {
    code: 'LLMS041',
    name: 'fp8-without-hardware-support',
    severity: 'info',
    summary:
      'FP8 weights or KV cache on a device without FP8 tensor cores (Ampere, Turing, Pascal, Apple): the engine dequantises, so memory shrinks but compute runs at 16-bit speed.',
    example: 'hardware: a100-sxm-80gb\nmodel: {weights: fp8}',
    fix: 'Expect bf16 compute speed (the estimate assumes it), or pick an FP8-capable device (Hopper, Ada, Blackwell, MI300).',
  },
  inconsistentArchitecture: {
    code: 'LLMS042',
    name: 'inconsistent-architecture',
    severity: 'error',
    summary:
      "A custom architecture whose fields contradict each other: more `kvHeads` than `attentionHeads`, more `activeParams` than `totalParams`, more `moe.expertsPerToken` than `moe.experts`, or more `moe.denseLayers` than `layers`. The catalog's models obey the same rules.",
    example: 'model:\n  architecture: {attentionHeads: 8, kvHeads: 16, ...}',
    fix: "Copy the fields from the model's config.json (`num_attention_heads`, `num_key_value_heads`, `num_experts_per_tok`, …).",
  },
  duplicateDeploymentName: {
    code: 'LLMS043',
    name: 'duplicate-deployment-name',
    severity: 'warning',
    summary:
      'Two deployment documents of one file have the same `name`: reports, the comparison panel and its reveal/explain commands cannot tell them apart.',
    example: 'name: chat\n---\nname: chat',
    fix: 'Give each deployment document its own name.',
  },
  modelFileMissing: {
    code: 'LLMS050',
    name: 'model-file-missing',
    severity: 'error',
    summary:
      'A model file (`model.config`, `model.gguf`, `model.safetensors`) or a Hugging Face repo (`model.huggingface`) is not there; the message names every path tried. Nothing is ever downloaded.',
    example: 'model:\n  huggingface: Qwen/Qwen3-8B   # not in ~/.cache/huggingface/hub',
    fix: 'Correct the path (relative to the deployment file), download the repo into the Hugging Face cache (`huggingface-cli download ORG/NAME config.json`), or point `model.config` at a config.json.',
  },
  modelFileUnreadable: {
    code: 'LLMS051',
    name: 'model-file-unreadable',
    severity: 'error',
    summary:
      'A model file exists but cannot be read: not a regular file, permission denied, over the size limit, or outside the workspace in Restricted Mode.',
    example: 'model:\n  gguf: models/   # a directory',
    fix: 'Point the key at a readable regular file (a directory for `safetensors`); in VS Code, trust the workspace to read the Hugging Face cache.',
  },
  modelFileInvalid: {
    code: 'LLMS052',
    name: 'model-file-invalid',
    severity: 'error',
    summary:
      'A model file cannot describe a model: config.json that is not JSON or has impossible values, a file that is not GGUF v2/v3, a safetensors header that is malformed, a header over the limits.',
    example: 'model:\n  config: notes.txt',
    fix: "Use the model's own config.json / GGUF / safetensors files; the message names the key or field that is wrong.",
  },
  modelFileAssumptions: {
    code: 'LLMS053',
    name: 'model-file-assumptions',
    severity: 'warning',
    summary:
      'The model file was read, but part of it had to be assumed (an unknown `model_type` mapped as a llama-style decoder, an unknown quantization method sized as unquantized); the message lists what.',
    example: 'model:\n  config: my-new-arch/config.json   # model_type: brand_new',
    fix: 'Check the listed assumptions; describe the model with `architecture` if they are wrong.',
  },
  revisionWithoutHuggingface: {
    code: 'LLMS054',
    name: 'revision-without-huggingface',
    severity: 'error',
    summary: '`model.revision` picks a snapshot of a Hugging Face repo; it needs `model.huggingface`.',
    example: 'model:\n  id: llama-3.1-8b\n  revision: main',
    fix: 'Add `huggingface: ORG/NAME`, or remove `revision`.',
  },
  dataParallelUnsupported: {
    code: 'LLMS055',
    name: 'data-parallel-unsupported',
    severity: 'error',
    summary:
      '`parallelism.data` (attention data-parallel ranks) on an engine that has none: llama.cpp and Ollama split a model by layers or rows only.',
    example: 'engine: llama.cpp\nparallelism: {data: 2}',
    fix: 'Remove `data` and serve more replicas instead (raise `gpus`), or use vLLM or SGLang.',
  },
  expertParallelExceedsStage: {
    code: 'LLMS056',
    name: 'expert-parallel-exceeds-stage',
    severity: 'error',
    summary:
      '`parallelism.expert` is larger than the GPUs of one pipeline stage (tensor × data): experts are split among the GPUs that run the same layers.',
    example: 'model: {id: qwen3-30b-a3b}\nparallelism: {pipeline: 2, expert: 2}',
    fix: 'Use `expert` at most tensor × data (vLLM: tensor × data-parallel size), or raise `tensor` or `data`.',
  },
  workspaceCatalogEntry: {
    code: 'LLMS057',
    name: 'workspace-catalog-entry',
    severity: 'error',
    summary:
      'A problem in the workspace catalog (`.llm-sizing/catalog.yaml`): an entry or key that does not follow the catalog schema is ignored, so deployments see the built-in figures instead.',
    example: 'hardware:\n  - id: lab-gpu\n    memoryGB: lots',
    fix: 'Correct the field the message names (the schema is the built-in catalog\'s: docs/architecture.md, "A device" / "A model"), or remove the entry.',
  },
  workspaceCalibrationEntry: {
    code: 'LLMS062',
    name: 'workspace-calibration-entry',
    severity: 'error',
    summary:
      'A problem in the workspace calibration file (`.llm-sizing/calibration.yaml`, written by `llm-sizing calibrate`): a correction out of its bounds, misspelt or duplicated is ignored, so estimates of that engine and device use the shipped calibration.',
    example: 'corrections:\n  - {engine: vllm, hardware: h100-sxm-80gb, bandwidth: 9}',
    fix: 'Run `llm-sizing calibrate … --write` again, or correct the field the message names (bounds: docs/accuracy.md, "Calibrate from your own benchmarks").',
  },
  disaggregationGpus: {
    code: 'LLMS063',
    name: 'disaggregation-gpus',
    severity: 'error',
    summary:
      "The prefill and decode workers of a disaggregated placement (workers × gpus of each role) do not add up to the placement's `gpus`.",
    example: 'gpus: 16\ndisaggregation:\n  prefill: {workers: 4, gpus: 2}\n  decode: {workers: 1, gpus: 4}',
    fix: "Set `gpus` to the workers' total (the quick fix), or change the worker counts; `gpus: auto` takes the total.",
  },
  disaggregationRoleGpus: {
    code: 'LLMS064',
    name: 'disaggregation-role-gpus',
    severity: 'error',
    summary: "A disaggregated role's worker has a GPU count its parallelism does not use (tensor × pipeline × data).",
    example: 'prefill: {workers: 4, gpus: 4, parallelism: {tensor: 2}}',
    fix: "Set the worker's `gpus` to tensor × pipeline × data (the quick fix), or change the parallelism.",
  },
  disaggregationEngine: {
    code: 'LLMS065',
    name: 'disaggregation-engine',
    severity: 'error',
    summary:
      'The engine does not run prefill and decode on separate workers (llama.cpp, Ollama); vLLM, SGLang and TensorRT-LLM do.',
    example: 'engine: llama.cpp\ndisaggregation: auto',
    fix: 'Use vllm, sglang or tensorrt-llm, or remove `disaggregation`.',
  },
  placementFromSource: {
    code: 'LLMS058',
    name: 'placement-from-source',
    severity: 'info',
    summary:
      'A placement read from a manifest (`source:`): which object and container, and which fields it gave (fields written in the placement override them).',
    example: 'placements:\n  - name: prod\n    type: on-prem\n    source: k8s/vllm.yaml',
    fix: 'None needed; write a field in the placement to override what the manifest says.',
  },
  placementSourceProblem: {
    code: 'LLMS059',
    name: 'placement-source-problem',
    severity: 'error',
    summary:
      "A placement's `source:` manifest cannot be used: not found or not readable, no serving container in it, several where `container:`/`resource:` must choose, or it does not name the GPU type.",
    example: 'placements:\n  - name: prod\n    type: on-prem\n    source: k8s/missing.yaml',
    fix: 'Point `source` at a manifest with one serving container (or name it with `container:` / `resource:`), or write the missing field (e.g. `hardware:`) in the placement.',
  },
  speculativeUnsupported: {
    code: 'LLMS060',
    name: 'speculative-unsupported',
    severity: 'error',
    summary:
      "`speculative.method` the placement's engine does not run (Ollama runs none; llama.cpp runs a draft model or n-gram lookup, not MTP or EAGLE heads).",
    example: 'engine: llama.cpp\nspeculative: {method: eagle, draftTokens: 3}',
    fix: 'Use a method the engine lists (docs/format.md), or an engine that runs this one (vLLM, SGLang, TensorRT-LLM).',
  },
  decodeContextParallel: {
    code: 'LLMS066',
    name: 'decode-context-parallel',
    severity: 'error',
    summary:
      '`parallelism.decodeContext` the engine cannot run: it has no decode context parallel (vLLM and SGLang have), the degree does not divide `tensor`, or it exceeds the copies of the KV cache the tensor ranks hold (tensor ÷ KV heads; MLA models: tensor).',
    example: 'model: {id: llama-3.1-70b}\nengine: vllm\nparallelism: {tensor: 8, decodeContext: 2}',
    fix: "Use a degree that divides `tensor` and is at most tensor ÷ the model's KV heads (8 KV heads over tensor 8: none to shard; DeepSeek-R1 over tensor 8: up to 8), on vLLM.",
  },
  optionNeedsDataParallel: {
    code: 'LLMS067',
    name: 'option-needs-data-parallel',
    severity: 'error',
    summary:
      'An engine option the engine accepts only with attention data parallel (`parallelism.data` > 1) on a placement without it: SGLang refuses to start with `--enable-prefill-delayer` but no `--enable-dp-attention`.',
    example: 'engine: sglang\nparallelism: {tensor: 8}\nengineOptions: {enablePrefillDelayer: true}',
    fix: 'Serve with attention data parallel (`parallelism: {tensor: 1, data: 8, expert: 8}`), or remove the option.',
  },
  speculativeDraftModel: {
    code: 'LLMS061',
    name: 'speculative-draft-model',
    severity: 'error',
    summary:
      '`speculative.draftModel` missing for `method: draft-model`, given for another method (which has no separate draft model), or not a catalog model.',
    example: 'speculative: {method: draft-model, draftTokens: 4}',
    fix: 'Name the draft model (`draftModel: llama-3.2-3b`, same tokenizer as the model), or remove `draftModel` for mtp / eagle / ngram.',
  },
  yamlWarning: {
    code: 'LLMS008',
    name: 'yaml-warning',
    severity: 'warning',
    summary:
      'The YAML parser warns about something that is probably not what was meant (e.g. an unknown directive, or `!!float` on text).',
    example: '%FOO bar\n---\nname: x',
    fix: 'Follow the message.',
  },
  // Placement findings (estimator results), emitted by src/core/placements/findings.ts (LLMS108 by
  // placementReport.ts) and located on the YAML nodes by src/core/placements/document.ts.
  placementDoesNotFit: {
    code: 'LLMS101',
    name: 'placement-does-not-fit',
    severity: 'error',
    summary:
      "The model does not fit in the memory of one replica of this placement (weights, activations, runtime and at least one request's KV cache).",
    example: 'model: {id: llama-3.1-70b}\nplacements:\n  - {name: a, type: on-prem, hardware: l4-24gb, gpus: 1}',
    fix: 'Use more GPUs per replica (`parallelism.tensor`), a smaller weight format, or a device with more memory.',
  },
  sloMissed: {
    code: 'LLMS102',
    name: 'slo-missed',
    severity: 'warning',
    summary:
      'At peak load the placement misses a latency objective (TTFT or TPOT at the stated percentile, network RTT included), or cannot sustain the load at all.',
    example:
      'workload: {peakRequestsPerSecond: 50, slo: {ttftMs: 500}}\nplacements:\n  - {name: a, type: on-prem, hardware: l40s-48gb, gpus: 1}',
    fix: 'Add replicas (the quick fix sets `gpus` to the count that meets the SLO), or use faster hardware.',
  },
  overBudget: {
    code: 'LLMS103',
    name: 'over-budget',
    severity: 'warning',
    summary: "The placement's estimated monthly cost is above `constraints.monthlyBudgetUsd`.",
    example: 'constraints: {monthlyBudgetUsd: 1000}',
    fix: 'Use cheaper hardware or fewer GPUs, or raise the budget.',
  },
  overPower: {
    code: 'LLMS104',
    name: 'over-power',
    severity: 'warning',
    summary:
      "The placement's peak power draw on the premises (at peak load, PUE included) is above `constraints.maxPowerKw`.",
    example: 'constraints: {maxPowerKw: 1}',
    fix: 'Use fewer or more efficient devices, or raise the cap.',
  },
  residencyViolated: {
    code: 'LLMS105',
    name: 'residency-violated',
    severity: 'warning',
    summary:
      'Requests (and their data) leave the premises or the required region, against `constraints.dataResidency`.',
    example:
      'constraints: {dataResidency: on-prem}\nplacements:\n  - {name: a, type: cloud, hardware: h100-sxm-80gb, gpus: 2}',
    fix: 'Keep the load on premises (size the on-prem part for the peak), or run the cloud part in the required region (`location`).',
  },
  gpusAutoSolved: {
    code: 'LLMS106',
    name: 'gpus-auto-solved',
    severity: 'info',
    summary: '`gpus: auto` was solved: the fewest GPUs (whole replicas) that fit and meet the SLOs at peak.',
    example: 'gpus: auto',
    fix: 'Nothing to fix; the quick fix writes the number into the file.',
  },
  noReferencePrice: {
    code: 'LLMS107',
    name: 'no-reference-price',
    severity: 'warning',
    summary: 'No price was given and the catalog has no reference price for this device, so its cost is counted as 0.',
    example: 'placements:\n  - {name: a, type: cloud, hardware: rtx-4090-24gb, gpus: 1}',
    fix: 'State the price: `costs.capexUsd` (owned hardware) or `usdPerGpuHour` (cloud).',
  },
  fragileSlo: {
    code: 'LLMS109',
    name: 'fragile-slo',
    severity: 'warning',
    summary:
      '`gpus: auto` needed many replicas that each run mostly idle, because a latency objective is barely above the latency of an idle replica (within ×1.3): the count is right for that objective and costly; the message gives the unloaded latency and what a 25 % looser objective would need.',
    example:
      'workload:\n  slo: {tpotMs: 60}   # unloaded TPOT on this device: 52 ms\nplacements:\n  - {name: a, type: on-prem, hardware: l40s-48gb, gpus: auto, parallelism: {tensor: 2}}',
    fix: 'Loosen the objective, or choose a device with more memory bandwidth (TPOT) or compute (TTFT).',
  },
  cannotEstimate: {
    code: 'LLMS108',
    name: 'cannot-estimate',
    severity: 'error',
    summary:
      "The placement's combination of model, weights, KV cache, engine, hardware and parallelism cannot be estimated (e.g. the engine cannot load these weights).",
    example: 'model: {id: llama-3.1-8b, weights: fp8}\nengine: llama.cpp',
    fix: 'Follow the message: choose a format the engine supports, or another engine.',
  },
  // Manifest findings (Kubernetes, KServe, LeaderWorkerSet, Compose), produced by src/core/manifests/.
  manifestDoesNotFit: {
    code: 'LLMS201',
    name: 'manifest-does-not-fit',
    severity: 'error',
    summary:
      'A serving container of a manifest does not fit its GPUs: weights, activations and runtime leave no KV cache (vLLM, SGLang, TensorRT-LLM), or the context does not fit beside the weights (llama.cpp, Ollama).',
    example: 'args: [serve, meta-llama/Llama-3.1-70B-Instruct]\nresources: {limits: {nvidia.com/gpu: 1}}  # on an L4',
    fix: 'Give the replica more GPUs (and the matching --tensor-parallel-size), a quantized checkpoint, or a device with more memory.',
  },
  manifestMaxLenExceedsKv: {
    code: 'LLMS202',
    name: 'max-model-len-exceeds-kv-cache',
    severity: 'error',
    summary:
      'One sequence of the maximum length (`--max-model-len`, `--context-length`, `--max-seq-len`, `--max-total-tokens`; when unset, the model\'s context) needs more KV cache than the pool holds: the engine refuses to start ("The model\'s max seq len is larger than the maximum number of tokens that can be stored in KV cache").',
    example: 'args: [serve, meta-llama/Llama-3.1-8B-Instruct, --max-model-len, "131072"]  # one RTX 3090',
    fix: 'The quick fix sets the largest length the pool holds; or raise --gpu-memory-utilization, quantize the KV cache, or add GPUs.',
  },
  manifestBeyondContext: {
    code: 'LLMS203',
    name: 'max-model-len-beyond-context',
    severity: 'error',
    summary:
      "The maximum length is longer than the model's context window; vLLM and SGLang refuse it unless told to override.",
    example: 'args: [serve, meta-llama/Llama-3.1-8B-Instruct, --max-model-len, "200000"]',
    fix: "Use at most the model's context (the quick fix sets it).",
  },
  manifestParallelismExceedsGpus: {
    code: 'LLMS204',
    name: 'parallelism-exceeds-gpus',
    severity: 'error',
    summary:
      'tensor × pipeline × data parallel needs more GPUs than the container (or LeaderWorkerSet group) requests; the engine cannot start its workers.',
    example: 'args: [serve, m, --tensor-parallel-size, "4"]\nresources: {limits: {nvidia.com/gpu: 2}}',
    fix: 'Request as many GPUs as the parallelism needs (the quick fix edits the limit), or lower the degrees.',
  },
  manifestGpusIdle: {
    code: 'LLMS205',
    name: 'gpus-idle',
    severity: 'warning',
    summary:
      'The container requests more GPUs than tensor × pipeline × data parallel uses; the rest sit idle (and are billed).',
    example: 'args: [serve, m, --tensor-parallel-size, "2"]\nresources: {limits: {nvidia.com/gpu: 8}}',
    fix: 'Request only the GPUs the engine uses (the quick fix edits the limit), or raise the parallelism.',
  },
  manifestTensorHeads: {
    code: 'LLMS206',
    name: 'tensor-parallel-heads',
    severity: 'error',
    summary: "The tensor-parallel degree does not divide the model's attention heads; vLLM and SGLang refuse to start.",
    example: 'args: [serve, google/gemma-2-9b-it, --tensor-parallel-size, "3"]',
    fix: 'Use a degree that divides the heads (the message lists them).',
  },
  manifestQuantizationMismatch: {
    code: 'LLMS207',
    name: 'quantization-contradicts-checkpoint',
    severity: 'warning',
    summary:
      'The quantization flag names a different format than the checkpoint (by its name), e.g. `--quantization gptq` on an AWQ repository, or AWQ on an unquantized one.',
    example: 'args: [serve, TheBloke/Llama-2-7B-AWQ, --quantization, gptq]',
    fix: "Drop the flag (the engine reads the checkpoint's quantization) or serve a checkpoint in that format.",
  },
  manifestSummary: {
    code: 'LLMS208',
    name: 'manifest-estimate',
    severity: 'info',
    summary:
      'What a serving container holds: memory per GPU, KV sequences at the maximum length and at a typical length (1,024 + 256 tokens), single-stream TTFT and TPOT.',
    example: 'args: [serve, meta-llama/Llama-3.1-8B-Instruct]\nnodeSelector: {nvidia.com/gpu.product: NVIDIA-L4}',
    fix: 'Nothing to fix; it is the estimate.',
  },
  manifestHardwareUnknown: {
    code: 'LLMS209',
    name: 'manifest-hardware-not-stated',
    severity: 'info',
    summary:
      'The manifest does not name the GPU type (no node selector, affinity or instance type the catalog knows), so memory fit cannot be checked.',
    example: 'resources: {limits: {nvidia.com/gpu: 1}}',
    fix: 'Add the annotation `llm-sizing/hardware: <id>` (Compose: `x-llm-sizing: {hardware: <id>}`), pass `--hardware <id>`, or set `llmSizing.defaultHardware`.',
  },
  manifestModelUnknown: {
    code: 'LLMS210',
    name: 'manifest-model-unknown',
    severity: 'info',
    summary:
      'The served model is not stated (a local path, an unset variable) or not in the catalog, so memory fit cannot be checked; the GPU layout is still checked.',
    example: 'args: [serve, /models/my-finetune]',
    fix: 'Serve a Hugging Face repo id the catalog knows, or size it in an llm-sizing file with `model.architecture`.',
  },
  manifestFlagValue: {
    code: 'LLMS211',
    name: 'manifest-flag-value',
    severity: 'warning',
    summary:
      'An engine flag that takes a number has a value that is not one; the estimate ignores it (the engine would refuse it).',
    example: 'args: [serve, m, --max-model-len, 32k]',
    fix: 'Write a plain number.',
  },
  manifestCannotEstimate: {
    code: 'LLMS212',
    name: 'manifest-cannot-estimate',
    severity: 'error',
    summary:
      "The serving container's combination of model, format, engine and device cannot be estimated (e.g. the engine cannot load this format).",
    example: 'command: [llama-server, -m, /models/llama-3.1-8b-fp8]',
    fix: 'Follow the message.',
  },
  manifestNodeTooSmall: {
    code: 'LLMS213',
    name: 'gpus-exceed-node',
    severity: 'error',
    summary:
      'A pod asks for more GPUs than one node of its instance type or VM size has (a g5.12xlarge has 4): it cannot be scheduled, or the engine cannot place its tensor-parallel workers on one node.',
    example:
      'nodeSelector: {node.kubernetes.io/instance-type: g5.12xlarge}\nargs: [serve, m, --tensor-parallel-size, "8"]\nresources: {limits: {nvidia.com/gpu: 8}}',
    fix: 'Pick an instance type with enough GPUs, lower the parallelism, or spread the replica over nodes (pipeline parallel, LeaderWorkerSet).',
  },
  manifestNotGpu: {
    code: 'LLMS214',
    name: 'not-a-gpu-workload',
    severity: 'info',
    summary:
      'A serving container runs on TPUs, AWS Neuron devices (Trainium, Inferentia) or CPUs only: it is recognised and left out of GPU sizing rather than sized as GPUs of a guessed type.',
    example:
      'nodeSelector: {cloud.google.com/gke-tpu-accelerator: tpu-v5-lite-podslice}\nresources: {limits: {google.com/tpu: 4}}',
    fix: 'Nothing to fix; the tool sizes GPU deployments only.',
  },
} as const satisfies Record<string, CodeInfo>;

export type CodeKey = keyof typeof CODES;

/** All codes, in code order, for docs and tests. */
export function allCodes(): CodeInfo[] {
  return (Object.values(CODES) as CodeInfo[]).slice().sort((a, b) => a.code.localeCompare(b.code));
}
