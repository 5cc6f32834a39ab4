"""
Does a short closed-loop benchmark report less output throughput than the steady state? (docs/estimator.md,
"The benchmark's start".) C streams behind a semaphore take the N prompts in order, as `vllm bench serve`
and SGLang's `bench_serving` do: a stream that finishes early takes the next prompt, so the batch stays
full until the last prompt is sent and then drains. All C start together, so the first C prompts are
prefilled in batched forwards of up to `chunk` tokens (F + ct·tokens ms each) instead of one forward
each (F + ct·I); decode steps cost s0 + s1·B ms at B sequences in flight. Lengths uniform in
[lo, nominal] (SGLang bench_serving's default range ratio: lo = 1; InferenceX: lo = 0.8 × nominal).
Prints the finite run's throughput (all output tokens ÷ its duration) ÷ a 200-rounds run's. Result:
within ±2% for 500 prompts at 100 concurrent and 640 at 64; -6% at 80 prompts and 16 concurrent: the
drain's loss and the batched first wave roughly cancel, so the estimator does not correct throughput.
Research only: not part of the estimator or its tests. Run: python3 scripts/research/finite-run-drain.py
"""
import random, heapq
def run(C, N, nominal=1000, lo=1, F=60.0, ct=0.01, s0=8.0, s1=0.15, chunk=16384, seed=1):
    rnd = random.Random(seed)
    t = 0.0; waiting = []; running = {}; issued = 0; nid = 0; tokens = 0
    arrivals = [(0.0, s) for s in range(C)]; heapq.heapify(arrivals)
    while issued < N or waiting or running or arrivals:
        while arrivals and arrivals[0][0] <= t and issued < N:
            a, s = heapq.heappop(arrivals)
            waiting.append((a, nid, rnd.randint(lo, nominal), rnd.randint(lo, nominal), s)); issued += 1; nid += 1
        if issued >= N: arrivals = []
        if waiting:
            budget = chunk; batch = []
            while waiting and budget > 0:
                r = waiting[0]
                if r[2] <= budget or not batch: batch.append(waiting.pop(0)); budget -= r[2]
                else: break
            t += F + ct*sum(r[2] for r in batch)
            for (a, i, I, O, s) in batch: running[i] = [O - 1, s]; tokens += 1
            continue
        if running:
            t += s0 + s1*len(running); done = []
            for i, v in running.items():
                v[0] -= 1; tokens += 1
                if v[0] <= 0: done.append(i)
            for i in done:
                s = running.pop(i)[1]
                if issued < N: heapq.heappush(arrivals, (t, s))
            continue
        if arrivals: t = max(t, arrivals[0][0]); continue
        break
    return tokens/t
for (C, N, lo) in [(100, 500, 1), (100, 1000, 1), (64, 320, 1), (16, 80, 1), (64, 640, 800), (4, 100, 1)]:
    print(f'{C} concurrent, {N} prompts, lengths [{lo}, 1000]: finite ÷ steady throughput {run(C, N, lo=lo)/run(C, 200*C, lo=lo):.3f}')
