import { AppendGroups, type PendingAppend } from './append-groups';
import type { NewEvent } from '../event-store.port';

const event = (eventId: string): NewEvent => ({
  eventId,
  type: 'T',
  data: {},
  metadata: { correlationId: 'c', schemaVersion: 1 },
});

/** Groups that run until the test lets them finish, recorded as "stream:event" lists. */
function harness(maxStatements: number, limits: { maxEvents?: number; maxAppends?: number } = {}) {
  const runs: string[][] = [];
  const finish: Array<() => void> = [];
  const groups = new AppendGroups({
    maxStatements,
    maxEvents: limits.maxEvents ?? 1_000,
    maxAppends: limits.maxAppends ?? 100,
    run: (group: PendingAppend[]) => {
      runs.push(group.map((p) => `${p.streamId}:${p.events.map((e) => e.eventId).join('+')}`));
      return new Promise<void>((resolve) =>
        finish.push(() => {
          group.forEach((p, i) => p.resolve({ nextExpectedRevision: i, position: BigInt(runs.length) }));
          resolve();
        }),
      );
    },
  });
  const settle = async () => {
    await new Promise((resolve) => setImmediate(resolve));
  };
  const next = async () => {
    finish.shift()?.();
    await settle();
  };
  return { groups, runs, next, settle };
}

describe('AppendGroups (group commit)', () => {
  it('sends a lone append at once, and groups what arrives while the statements are busy', async () => {
    const { groups, runs, next } = harness(1);
    const done = [
      groups.append('a', [event('1')], 'any'),
      groups.append('b', [event('2')], 'any'),
      groups.append('c', [event('3')], 'any'),
    ];
    expect(runs).toEqual([['a:1']]);
    await next();
    expect(runs).toEqual([['a:1'], ['b:2', 'c:3']]);
    await next();
    await expect(Promise.all(done)).resolves.toHaveLength(3);
  });

  it('never puts one stream in a group twice nor runs it in two statements at once, and keeps its appends in order', async () => {
    const { groups, runs, next } = harness(2);
    void groups.append('a', [event('1')], 'any');
    void groups.append('a', [event('2')], 'any');
    void groups.append('b', [event('3')], 'any');
    void groups.append('a', [event('4')], 'any');
    void groups.append('c', [event('5')], 'any');
    // a:1 and b:3 run; a:2 must wait for a:1, and a:4 for a:2.
    expect(runs).toEqual([['a:1'], ['b:3']]);
    await next(); // a:1 done
    expect(runs.slice(2)).toEqual([['a:2', 'c:5']]);
    await next(); // b:3 done: only a:4 waits, and a is busy
    expect(runs).toHaveLength(3);
    await next(); // a:2 done
    expect(runs.slice(3)).toEqual([['a:4']]);
  });

  it('keeps an event id out of a group that already carries it, and respects the size limits', async () => {
    const { groups, runs, next } = harness(1, { maxEvents: 2, maxAppends: 2 });
    void groups.append('x', [event('0')], 'any');
    void groups.append('a', [event('1')], 'any');
    void groups.append('b', [event('1')], 'any');
    void groups.append('c', [event('2'), event('3')], 'any');
    void groups.append('d', [event('4')], 'any');
    void groups.append('e', [event('5')], 'any');
    await next();
    // b repeats a's id; c would make 3 events; so a and d.
    expect(runs[1]).toEqual(['a:1', 'd:4']);
    await next();
    expect(runs[2]).toEqual(['b:1', 'e:5']);
    await next();
    expect(runs[3]).toEqual(['c:2+3']);
  });
});
