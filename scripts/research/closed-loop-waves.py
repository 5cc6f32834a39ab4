"""
Closed-loop benchmark harness, simulated: does InferenceX's synchronised start make prompts arrive in
waves that explain its TTFTs under load? (docs/estimator.md, "The benchmark's start".)

C streams each send requests one after another, every stream starting at t = 0; input and output
lengths uniform in [ratio × nominal, nominal] (InferenceX's RANDOM_RANGE_RATIO 0.8; ratio 1 = fixed
lengths). The server runs the waiting prompts first, batched up to `chunk` tokens in one forward of
F + ct·tokens ms, else one decode step of s0 + s1·B ms for the B sequences in flight. Constants read
off InferenceX's H200 DeepSeek-R1 rows (one-stream TTFT ~158 ms at 922 tokens; TPOT 9.7–29.8 ms at
4–64 concurrent).

The harness (utils/bench_serving/benchmark_serving.py) runs its 2·C warm-ups as a phase of their
own and then starts the 10·C measured requests together: `warm=0` is that. The first version of
this script ran the warm-ups as the first requests of the stream (`warm=2`), which hides the wave
and led to the wrong answer ("not the start"). Prints the mean TTFT of the measured requests with
the warm-ups apart, in the stream, with staggered starts and with fixed lengths, the closed form of
src/core/estimate/benchmarkStart.ts (first wave + steady state), and the measurement.
Research only: not part of the estimator or its tests. Run: python3 scripts/research/closed-loop-waves.py
"""
import random, heapq, sys
def run(C, N, M, F=140.0, ct=0.03, s0=8.5, s1=0.25, rounds=10, warm=2, chunk=32768, ratio=0.8, seed=1, sync=True):
    rnd = random.Random(seed)
    total = C*(rounds+warm)
    # each stream: sequence of requests
    t = 0.0
    waiting = []  # (arrival, id, inlen, outlen)
    running = {}  # id -> remaining tokens
    arrivals = []  # heap of (time, stream)
    issued = 0; done_main = []
    reqinfo = {}
    for s in range(C):
        heapq.heappush(arrivals, (0.0 if sync else rnd.random()*1000, s))
    nid = 0
    while issued < total or waiting or running or arrivals:
        # move arrivals up to t into waiting
        while arrivals and arrivals[0][0] <= t and issued < total:
            a, s = heapq.heappop(arrivals)
            I = rnd.randint(int(N*ratio), N); O = rnd.randint(int(M*ratio), M)
            waiting.append((a, nid, I, O, s, issued >= C*warm)); issued += 1; nid += 1
        if issued >= total: arrivals = []
        if waiting:
            budget = chunk; batch = []
            while waiting and budget > 0:
                r = waiting[0]
                if r[2] <= budget or not batch:
                    batch.append(waiting.pop(0)); budget -= r[2]
                else: break
            toks = sum(r[2] for r in batch)
            t += F + ct*toks
            for (a, i, I, O, s, main) in batch:
                if main: done_main.append(t - a)
                running[i] = (O-1, s)
            continue
        if running:
            b = len(running)
            t += s0 + s1*b
            fin = []
            for i,(rem,s) in list(running.items()):
                rem -= 1
                if rem <= 0: fin.append((i,s))
                else: running[i] = (rem, s)
            for i,s in fin:
                del running[i]
                if issued < total: heapq.heappush(arrivals, (t, s))
            continue
        if arrivals:
            t = max(t, arrivals[0][0]); continue
        break
    return sum(done_main)/len(done_main)
def closed_form(C, N, M, F=140.0, ct=0.03, chunk=32768, rounds=10, warm=2):
    """First wave of C prompts of the mean length back to back in forwards of `chunk` tokens, the
    rest at the simulated steady state (warm-ups in the stream: no wave)."""
    I = 0.9*N
    wave = 0.0
    for k in range(1, C+1):
        f = -(-int(k*I) // chunk)
        wave += f*F + ct*min(f*chunk, C*I)
    steady = run(C, N, M, warm=warm, rounds=rounds)
    n = C*rounds
    return (wave + (n - C)*steady)/n
for (N,M,meas) in [(1024,1024,{4:158,16:198,64:360}),(8192,1024,{4:373,16:688,64:2246})]:
    for C in (4,16,64):
        print(N, C, 'warm-ups apart', round(run(C,N,M,warm=0)), 'in the stream', round(run(C,N,M)),
              'staggered', round(run(C,N,M,sync=False)), 'fixed lengths', round(run(C,N,M,warm=0,ratio=1.0)),
              'closed form', round(closed_form(C,N,M)), 'measured', meas[C])
