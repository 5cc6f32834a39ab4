"""The two TSVs beside this file -> case-format JSON (stdout or argv[1]).

Rows with speculative decoding are left out (the tables do not give acceptance rates), and so are
models or GPUs the catalog lacks (MiniMax-M3's mxfp8, MI350X). data/calibration/sglang-cookbook-2026.yaml
is this output written as YAML (node: yaml.stringify), with its header.
"""
import csv, sys, re, json, os
HERE = os.path.dirname(os.path.abspath(__file__))
HW = {'h100': 'h100-sxm-80gb', 'h200': 'h200-sxm-141gb', 'b200': 'b200-180gb', 'b300': 'b300-288gb',
      'gb300': 'gb300-288gb', 'gb200': 'gb200-186gb', 'mi300x': 'mi300x-192gb', 'mi355x': 'mi355x-288gb'}
QW = {'0.8b': 'qwen3.5-0.8b', '4b': 'qwen3.5-4b', '9b': 'qwen3.5-9b', '27b': 'qwen3.5-27b',
      '35b': 'qwen3.5-35b-a3b', '122b': 'qwen3.5-122b-a10b', '397b': 'qwen3.5-397b-a17b'}
SHORT = {'qwen3.5': 'Q35', 'deepseek-v4': 'DSV4', 'glm-5.1': 'GLM51', 'glm-5.2': 'GLM52',
         'minimax-m2.7': 'MM27', 'kimi-k2.6': 'K26', 'kimi-k3': 'K3'}
rows = []
for fn in ['deepseek-glm.tsv', 'qwen-minimax-kimi.tsv']:
    with open(os.path.join(HERE, fn)) as f:
        for x in csv.DictReader(f, delimiter='\t'):
            x['_file'] = fn
            rows.append(x)


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def page(x):
    """The benchmarks file and the stored version read (a commit, else the stored index's file id)."""
    mf = x['model_file']
    name = mf.split(' ')[0]
    where = mf + ' ' + x.get('bench_source', '')
    m = re.search(r'@([0-9a-f]{40})', where)
    fid = re.search(r'id[ =](\d{8,})', where)
    return f"github.com/sgl-project/sglang docs/src/snippets/configs/{name}" + (f"@{m.group(1)}" if m else f" (stored file id {fid.group(1)})" if fid else '')


out = []
seen = set()
for x in rows:
    if 'none' not in x['speculative']:
        continue
    mf = x['model_file']
    v = x['variant'].split()[0]
    hw = HW.get(x['hw'])
    if not hw:
        continue
    fam = next((k for k in SHORT if k in mf), None)
    if fam == 'qwen3.5':
        model = QW.get(v)
    elif fam == 'deepseek-v4':
        model = {'flash': 'deepseek-v4-flash', 'flash-official': 'deepseek-v4-flash',
                 'pro': 'deepseek-v4-pro', 'pro-official': 'deepseek-v4-pro'}.get(v)
    elif fam in ('glm-5.1', 'glm-5.2', 'minimax-m2.7', 'kimi-k3'):
        model = fam
    elif fam == 'kimi-k2.6':
        # The H200 speed rows were measured on Kimi-K2.5 and carried over (row note); same weights.
        model = 'kimi-k2.5'
    else:
        model = None
    if not model:
        continue
    q = x['quant']
    weights = {'bf16': 'bf16', 'fp8': 'fp8', 'nvfp4': 'nvfp4', 'mxfp4': 'mxfp4', 'int4': 'int4-g32',
               'fp4': 'nvfp4' if fam in ('qwen3.5', 'glm-5.2', 'glm-5.1') else 'mxfp4'}.get(q)
    if not weights:
        continue
    tp = int(x['tp'])
    dp = int(x['dp'] or 1)
    gpus = tp
    par = {'tensor': tp}
    if x['dp_attention'] == 'yes' and dp > 1:
        par = {'tensor': tp // dp, 'data': dp}
        if 'a2a' in x['ep_or_moe_a2a']:
            par['expert'] = tp
    m = re.search(r'ep=(\d+)', x['ep_or_moe_a2a'])
    if m:
        par['expert'] = int(m.group(1))
    m = re.search(r'--dcp-size (\d+)', x['other_notable_flags'])
    if m:
        par['decodeContext'] = int(m.group(1))
    isl, osl, c = int(x['isl']), int(x['osl']), int(x['max_concurrency'])
    # The DeepSeek-V4, GLM-5.2, Qwen3.5 and Kimi-K3 pages run bench_serving --random-range-ratio
    # 1.0 (fixed lengths, notes). GLM-5.1's MI300X rows, MiniMax-M2.7's and Kimi-K2.6's ran without
    # it: bench_serving's default 0.0 draws each length uniformly from 1..N, so the mean is about N/2
    # and the longest outputs ~N (p95 0.95 N).
    fixed = fam in ('deepseek-v4', 'glm-5.2', 'qwen3.5', 'kimi-k3')
    stated = (isl, osl)
    if not fixed:
        isl, osl = (isl + 1) // 2, (osl + 1) // 2
    stat = 'mean' if fam == 'kimi-k2.6' or x.get('latency_stat', '').startswith('Mean') or x.get('row_note', '').startswith('GB300: Mean') or 'Mean TTFT' in x.get('row_note', '')[:60] else 'p50'
    base = {'model': model, 'weights': weights, 'hardware': hw, 'gpus': gpus, 'engine': 'sglang',
            'parallelism': par, 'workload': {'inputTokens': isl, 'outputTokens': osl, 'concurrency': c}}
    if fixed:
        base['workload']['fixedLengths'] = True
    else:
        base['workload']['outputTokensP95'] = round(0.95 * stated[1])
    kv = x['kv_cache_dtype']
    # DeepSeek-V4's SGLang default KV dtype is fp8_e4m3 (arg_groups/model_overrides/deepseek_v4.py).
    if 'fp8' in kv or fam == 'deepseek-v4':
        base['kvCache'] = 'fp8'
    eo = {}
    if num(x['max_running_requests']):
        eo['maxRunningRequests'] = int(float(x['max_running_requests']))
    if num(x['mem_fraction_static']):
        eo['memFractionStatic'] = float(x['mem_fraction_static'])
    if num(x['chunked_prefill_size']):
        eo['chunkedPrefillSize'] = int(float(x['chunked_prefill_size']))
    fl = x['other_notable_flags']
    m2 = re.search(r'--cuda-graph-max-bs(?:-decode)?[ =](\d+)', fl)
    if m2:
        eo['cudaGraphMaxBs'] = int(m2.group(1))
    if '--enable-flashinfer-allreduce-fusion' in fl:
        eo['enableFlashinferAllreduceFusion'] = True
    if '--disable-cuda-graph' in fl:
        eo['disableCudaGraph'] = True
    if '--enable-prefill-delayer' in fl:
        eo['enablePrefillDelayer'] = True
    m3 = re.search(r'--prefill-delayer-max-delay-passes[ =](\d+)', fl)
    if m3:
        eo['prefillDelayerMaxDelayPasses'] = int(m3.group(1))
    if eo:
        base['engineOptions'] = eo
    mm = re.search(r'(\d+)', x.get('num_prompts', '') or '')
    if mm:
        base['workload']['prompts'] = int(mm.group(1))
    elif fam == 'kimi-k3':
        # The recipe's numPromptsByConc (notes): the rows carry none.
        base['workload']['prompts'] = {1: 16, 16: 80, 64: 320, 256: 1280, 1024: 5120}.get(c, 5 * c)
    total = not (fam in ('glm-5.1', 'minimax-m2.7', 'kimi-k2.6') or (x['hw'] == 'mi300x' and fam == 'qwen3.5'))
    tps = num(x['tokens_per_sec_per_gpu'])
    shape = f"{par.get('tensor')}" + (f"-dp{par['data']}" if 'data' in par else '')
    key = f"SGC-{SHORT[fam]}-{v.upper()}-{x['hw'].upper()}-{q.upper()}-TP{shape}-{stated[0]}-{stated[1]}-C{c}"
    n = 2
    k0 = key
    while key in seen:
        key = f"{k0}-{n}"
        n += 1
    seen.add(key)
    unmodelled = '; '.join(s for s in [x['ep_or_moe_a2a'], f"attention backend {x['attention_backend']}" if x['attention_backend'] not in ('default', '') else '', fl if fl not in ('', 'default', 'none') else ''] if s and s not in ('none', 'no a2a/ep flag'))
    src = f"{page(x)} ({x['strategy']} cell, SGLang {x['sglang_version']}, sglang.bench_serving random {stated[0]}+{stated[1]} tokens{'' if fixed else ' (lengths drawn from 1..N)'}; recipe {x['recipe_source'][:160]})"
    note_bits = [f"TTFT/TPOT {stat.upper()}", 'throughput from tokens_per_sec_per_gpu x GPUs' + (f' x {stated[1]}/{stated[0] + stated[1]} (total to output)' if total else ' (output)')]
    if unmodelled:
        note_bits.append(f'flags not in the format: {unmodelled}')
    if x.get('row_note'):
        note_bits.append(x['row_note'][:200])
    for metric, val in [('ttftMs', x['ttft_ms']), ('tpotMs', x['tpot_ms']), ('outputTokensPerSecond', None)]:
        if metric == 'outputTokensPerSecond':
            if tps is None:
                continue
            val = tps * gpus * (stated[1] / (stated[0] + stated[1]) if total else 1)
        else:
            if num(val) is None:
                continue
            val = float(val)
        d = {'id': f"{key}-{ {'ttftMs': 'ttft', 'tpotMs': 'tpot', 'outputTokensPerSecond': 'tput'}[metric] }", **base,
             'metric': metric, 'measured': round(val, 2)}
        if metric != 'outputTokensPerSecond':
            d['stat'] = stat
        d['source'] = src
        d['note'] = '; '.join(note_bits)
        out.append(d)
dest = sys.argv[1] if len(sys.argv) > 1 else None
text = json.dumps(out, indent=1)
if dest:
    open(dest, 'w').write(text)
else:
    print(text)
print(len(out), 'cases', file=sys.stderr)
