/**
 * Waits until the system under test has gone quiet: `lastActivityAt()` (performance.now() of the
 * last delivery of any step) at least `quietMs` ago, or `maxMs` have passed. Between steps, so a
 * step past the knee does not leave its backlog to the next one. Returns the milliseconds waited.
 */
export async function settle(lastActivityAt: () => number, quietMs = 2_000, maxMs = 60_000): Promise<number> {
  const began = performance.now();
  while (performance.now() - lastActivityAt() < quietMs && performance.now() - began < maxMs)
    await new Promise((resolve) => setTimeout(resolve, 100));
  return performance.now() - began;
}
