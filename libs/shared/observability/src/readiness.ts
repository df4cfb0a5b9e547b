// What of a process is still starting: a read model catching up with its history, a
// service not yet answering. Readiness (the operator port's /health/ready) is false while
// anything is listed here, so an orchestrator sends no traffic to a replica whose
// queries would answer from a half-built model.

const starting = new Map<string, string>();

/** Lists `name` as starting until the returned function is called (once it is ready). */
export function startingUp(name: string, what = 'starting'): () => void {
  const token = `${what}#${Math.random()}`;
  starting.set(name, token);
  return () => {
    if (starting.get(name) === token) starting.delete(name);
  };
}

/** The names still starting, in the order they began. */
export function stillStarting(): string[] {
  return [...starting.keys()];
}
