"""Rows without speculative decoding of the two TSVs beside this file -> case-format JSON (stdout or argv[1])."""
import csv, sys, re, json, os
HERE = os.path.dirname(os.path.abspath(__file__))
HW={'h100':'h100-sxm-80gb','h200':'h200-sxm-141gb','b200':'b200-180gb','b300':'b300-288gb','gb300':'gb300-288gb','gb200':'gb200-186gb','mi300x':'mi300x-192gb','mi355x':'mi355x-288gb'}
QW={'0.8b':'qwen3.5-0.8b','4b':'qwen3.5-4b','9b':'qwen3.5-9b','27b':'qwen3.5-27b','35b':'qwen3.5-35b-a3b','122b':'qwen3.5-122b-a10b','397b':'qwen3.5-397b-a17b'}
rows=[]
for fn in ['deepseek-glm.tsv','qwen-minimax-kimi.tsv']:
  with open(os.path.join(HERE, fn)) as f:
    r=csv.DictReader(f, delimiter='\t')
    for x in r: x['_file']=fn; rows.append(x)
out=[]
n=0
for x in rows:
  if 'none' not in x['speculative']: continue
  mf=x['model_file']; v=x['variant'].split()[0]; hw=HW.get(x['hw'])
  if not hw: continue
  if 'qwen3.5' in mf: model=QW.get(v)
  elif 'deepseek-v4' in mf: model={'flash':'deepseek-v4-flash','flash-official':'deepseek-v4-flash','pro':'deepseek-v4-pro','pro-official':'deepseek-v4-pro'}.get(v)
  elif 'glm-5.2' in mf: model='glm-5.2'
  elif 'glm-5.1' in mf: model='glm-5.1'
  elif 'minimax-m2.7' in mf: model='minimax-m2.7'
  else: model=None
  if not model: continue
  q=x['quant']; weights={'bf16':'bf16','fp8':'fp8','nvfp4':'nvfp4','fp4':'nvfp4' if 'qwen' in mf or 'glm' in mf else 'mxfp4'}.get(q)
  if not weights: continue
  tp=int(x['tp']); dp=int(x['dp'] or 1); gpus=tp
  par={'tensor':tp}
  if x['dp_attention']=='yes' and dp>1:
    par={'tensor':tp//dp,'data':dp}
    if 'a2a' in x['ep_or_moe_a2a']: par['expert']=tp
  m=re.search(r'ep=(\d+)',x['ep_or_moe_a2a'])
  if m: par['expert']=int(m.group(1))
  isl=int(x['isl']); osl=int(x['osl']); c=int(x['max_concurrency'])
  stat='mean' if x.get('latency_stat','P50').startswith('Mean') or 'Mean' in x.get('row_note','')[:40] else 'p50'
  base={'model':model,'weights':weights,'hardware':hw,'gpus':gpus,'engine':'sglang','parallelism':par,'workload':{'inputTokens':isl,'outputTokens':osl,'concurrency':c}}
  kv=x['kv_cache_dtype']
  if 'fp8' in kv: base['kvCache']='fp8'
  eo={}
  def num(v):
    try: return float(v)
    except: return None
  if num(x['max_running_requests']): eo['maxRunningRequests']=int(float(x['max_running_requests']))
  if num(x['mem_fraction_static']): eo['memFractionStatic']=float(x['mem_fraction_static'])
  if num(x['chunked_prefill_size']): eo['chunkedPrefillSize']=int(float(x['chunked_prefill_size']))
  fl=x['other_notable_flags']
  m2=re.search(r'--cuda-graph-max-bs(?:-decode)?[ =](\d+)', fl)
  if m2: eo['cudaGraphMaxBs']=int(m2.group(1))
  if '--enable-flashinfer-allreduce-fusion' in fl: eo['enableFlashinferAllreduceFusion']=True
  if '--disable-cuda-graph' in fl: eo['disableCudaGraph']=True
  if eo: base['engineOptions']=eo
  npm=x.get('num_prompts','')
  mm=re.search(r'(\d+)', npm or '')
  if mm: base['workload']['prompts']=int(mm.group(1))
  tag=f"{mf.split('/')[-1].split('-bench')[0].split('.jsx')[0]} {v} {x['hw']} {q} {x['strategy']} c{c}"
  tps=float(x['tokens_per_sec_per_gpu']) if x['tokens_per_sec_per_gpu'] not in ('','null') else None
  total = not ('glm-5.1' in mf or 'minimax-m2.7' in mf or 'kimi-k2.6' in mf or (x['hw']=='mi300x' and 'qwen' in mf))
  for metric,val in [('ttftMs',x['ttft_ms']),('tpotMs',x['tpot_ms']),('outputTokensPerSecond',None)]:
    if metric=='outputTokensPerSecond':
      if tps is None: continue
      val = tps*gpus*(osl/(isl+osl) if total else 1)
    else:
      if val in ('','null'): continue
      val=float(val)
    n+=1
    d=dict(base); d['id']=f'C{n:03d}'; d['metric']=metric; d['measured']=round(val,2)
    if metric!='outputTokensPerSecond': d['stat']=stat
    d['source']=tag
    out.append(d)
dest = sys.argv[1] if len(sys.argv) > 1 else None
if dest:
  json.dump(out, open(dest, 'w'), indent=1)
else:
  json.dump(out, sys.stdout, indent=1)
print(len(out), 'cases', file=sys.stderr)
