/** Polls until `check` passes (returns without throwing) or the deadline passes, then rethrows. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Lets a condition that must NOT happen have its chance to happen. */
export const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
