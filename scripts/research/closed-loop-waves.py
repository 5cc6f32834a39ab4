"""
Closed-loop benchmark harness, simulated: does InferenceX's synchronised start make prompts arrive in
waves that explain its TTFTs under load? (docs/estimator.md, "Mean lengths, sequences in flight and
the scheduler's looks at new requests": the answer was no.)

C streams each send requests one after another (2·C warm-ups, then 10·C measured), every stream
starting at t = 0; input and output lengths uniform in [ratio × nominal, nominal] (InferenceX's
RANDOM_RANGE_RATIO 0.8; ratio 1 = fixed lengths). The server runs the waiting prompts first, batched
up to `chunk` tokens in one forward of F + ct·tokens ms, else one decode step of s0 + s1·B ms for
the B sequences in flight. Constants read off InferenceX's H200 DeepSeek-R1 rows (one-stream TTFT
~158 ms at 922 tokens; TPOT 9.7–29.8 ms at 4–64 concurrent). Prints the mean TTFT of the measured
requests, synchronised and staggered starts, and with fixed lengths, beside the measurement.
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
for (N,M,meas) in [(1024,1024,{4:158,16:198,64:360}),(8192,1024,{4:373,16:688,64:2246})]:
    for C in (4,16,64):
        print(N, C, 'sync', round(run(C,N,M)), 'async', round(run(C,N,M,sync=False)), 'fixedlen', round(run(C,N,M,ratio=1.0)), 'measured', meas[C])
