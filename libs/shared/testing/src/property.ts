// How many random cases a property test (fast-check) tries. Under mutation testing
// (Stryker sets STRYKER_MUTATOR_WORKER in its workers) every surviving mutant reruns
// each property test that covers it, so there a quarter of the cases is tried, from a
// fixed seed: the same mutant then gets the same verdict on every run, and a lib's run
// fits on a shared two-core machine. The named example tests carry the rules' edges.
const underMutation = process.env.STRYKER_MUTATOR_WORKER !== undefined;

export function propertyRuns(
  numRuns: number,
  seed?: number,
): { numRuns: number; seed?: number; endOnFailure?: boolean } {
  if (!underMutation) return seed === undefined ? { numRuns } : { numRuns, seed };
  // A mutant is killed by the first failing case: shrinking it would only cost time.
  return { numRuns: Math.max(25, Math.ceil(numRuns / 4)), seed: seed ?? 20261205, endOnFailure: true };
}
