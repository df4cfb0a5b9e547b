// One request of a seeker's at a time. A person sends one reservation request and waits for
// its answer; an account sending dozens at once (a script, a flood) would otherwise have all
// of them worked on together, and every other user's request would share the process with
// all of them. Here an account's next request waits until its last one is answered, so a
// flood from a few accounts takes a few requests' share of the process, whatever its rate.
// Beyond a few waiting, the next is refused (429 RATE_LIMITED, Retry-After 1): nobody waits
// behind a queue that only grows.
import { rateLimited } from '@soudan/identity-infra';

export class SeekerTurns {
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly maxWaiting = 4) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const queue = this.waiting.get(key);
    if (queue) {
      if (queue.length >= this.maxWaiting) throw rateLimited(1);
      await new Promise<void>((resolve) => queue.push(resolve));
    } else this.waiting.set(key, []);
    try {
      return await work();
    } finally {
      const next = this.waiting.get(key)!.shift();
      if (next) next();
      else this.waiting.delete(key);
    }
  }
}
