/** Polls until the check returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what} not reached within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Waits until reads of "all" show the event at `position`. A SQL store shows a commit in
 * readAll only once no older transaction of the whole PostgreSQL server is still open (an
 * open transaction of another test file, on the shared server, holds it back for a
 * moment), so a test that appends and then reads "all", or starts a model that does, waits
 * here first.
 */
export async function untilReadAllShows(
  store: { readAll(options: { after?: bigint; limit?: number }): Promise<Array<{ position: bigint }>> },
  position: bigint,
): Promise<void> {
  await eventually(
    async () =>
      (await store.readAll({ after: position - 1n, limit: 1 }))[0]?.position === position ? true : undefined,
    { what: `reads of "all" to show position ${position}` },
  );
}
