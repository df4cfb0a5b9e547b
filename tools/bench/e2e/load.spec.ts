import { dueTime, latencyFromDue, percentile, summarise } from './load';

describe('bench:e2e load generator arithmetic', () => {
  it('percentiles are nearest-rank over the sorted latencies', () => {
    const sorted = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(500);
    expect(percentile(sorted, 99)).toBe(990);
    expect(percentile(sorted, 99.9)).toBe(999);
    expect(percentile(sorted, 100)).toBe(1000);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('request k is due k/rate seconds after the start, whatever the answers before it took', () => {
    expect(dueTime(1000, 100, 0)).toBe(1000);
    expect(dueTime(1000, 100, 1)).toBe(1010);
    expect(dueTime(1000, 250, 250)).toBe(2000);
  });

  it('latency counts from the intended send time, so a queue behind a slow answer is not hidden', () => {
    // At 100/s a server that stalls 1 s on request 0 and then answers everything at once:
    // request k (due at 10k ms) answered at 1000 ms waited 1000 - 10k ms, not ~0.
    const start = 0;
    const answeredAt = 1000;
    const latencies = Array.from({ length: 100 }, (_, k) => latencyFromDue(dueTime(start, 100, k), answeredAt));
    expect(latencies[0]).toBe(1000);
    expect(latencies[50]).toBe(500);
    const samples = latencies.map((latency) => ({ kind: 'reserve', latency, outcome: { status: 201 } }));
    const figures = summarise(100, 1, samples, []);
    expect(figures.p50).toBe(500);
    expect(figures.p99).toBe(990);
    expect(figures.throughput).toBe(100);
  });

  it('counts errors by status; an expected refusal is no error; throughput counts 2xx over the elapsed time', () => {
    const figures = summarise(
      10,
      1,
      [
        { kind: 'reserve', latency: 5, outcome: { status: 201 } },
        { kind: 'reserve', latency: 6, outcome: { status: 409, expected: true } },
        { kind: 'offer', latency: 7, outcome: { status: 500 } },
        { kind: 'offer', latency: 8, outcome: { status: 0 } },
      ],
      [0, 1, 2],
      2,
    );
    expect(figures.byStatus).toEqual({ '0': 1, '201': 1, '409': 1, '500': 1 });
    expect(figures.errors).toBe(2);
    expect(figures.byKind.offer.errors).toBe(2);
    expect(figures.throughput).toBe(0.5);
  });
});
