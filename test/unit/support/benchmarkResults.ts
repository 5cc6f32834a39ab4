/** A `vllm bench serve --save-result` file as Python writes it (an unlimited rate is `Infinity`). */
export const VLLM_RESULT = `{"date": "20261201-101500", "backend": "vllm", "model_id": "meta-llama/Llama-3.1-8B-Instruct",
 "num_prompts": 200, "request_rate": Infinity, "burstiness": 1.0, "max_concurrency": 16, "duration": 40.1,
 "completed": 200, "total_input_tokens": 200000, "total_output_tokens": 40000, "request_throughput": 4.98,
 "output_throughput": 997.5, "total_token_throughput": 5985.0, "mean_ttft_ms": 80.1, "median_ttft_ms": 75.3,
 "p99_ttft_ms": 150.0, "mean_tpot_ms": 14.9, "median_tpot_ms": 14.8, "p99_tpot_ms": 17.0}`;
