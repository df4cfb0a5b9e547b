import { AppError } from '@soudan/platform';
import { SeekerTurns } from './seeker-turns';

/** A piece of work that finishes when told to, and says when it started. */
function controlled(log: string[], name: string) {
  let finish!: (value: string) => void;
  let fail!: (error: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return {
    work: () => {
      log.push(`start ${name}`);
      return done;
    },
    finish: () => finish(name),
    fail: (error: Error) => fail(error),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("one reservation request of a seeker's at a time (floods, issue 15)", () => {
  it("starts a seeker's next request only when the last one is answered, in the order they came", async () => {
    const turns = new SeekerTurns(4);
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => controlled(log, name));
    const answers = [
      turns.run('16070-00000001', a.work),
      turns.run('16070-00000001', b.work),
      turns.run('16070-00000001', c.work),
    ];
    await settle();
    expect(log).toEqual(['start a']);
    a.finish();
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    b.finish();
    await settle();
    c.finish();
    await expect(Promise.all(answers)).resolves.toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'start b', 'start c']);
  });

  it('lets different seekers run at the same time', async () => {
    const turns = new SeekerTurns(4);
    const log: string[] = [];
    const one = controlled(log, 'one');
    const two = controlled(log, 'two');
    const answers = [turns.run('16070-00000001', one.work), turns.run('16070-00000002', two.work)];
    await settle();
    expect(log).toEqual(['start one', 'start two']);
    one.finish();
    two.finish();
    await Promise.all(answers);
  });

  it('refuses a request beyond the waiting ones with 429 RATE_LIMITED and a retry after one second', async () => {
    const turns = new SeekerTurns(2);
    const log: string[] = [];
    const first = controlled(log, 'first');
    const running = turns.run('16070-00000001', first.work);
    const waiting = [turns.run('16070-00000001', async () => 'w1'), turns.run('16070-00000001', async () => 'w2')];
    const refused = await turns.run('16070-00000001', async () => 'never').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', status: 429, details: { retryAfterSeconds: 1 } });
    first.finish();
    await expect(Promise.all([running, ...waiting])).resolves.toEqual(['first', 'w1', 'w2']);
    // Once the queue is gone, the seeker is taken again at once.
    await expect(turns.run('16070-00000001', async () => 'again')).resolves.toBe('again');
  });

  it('passes the turn on when a request fails', async () => {
    const turns = new SeekerTurns(4);
    const log: string[] = [];
    const failing = controlled(log, 'failing');
    const failed = turns.run('16070-00000001', failing.work).catch((error: Error) => error.message);
    const next = turns.run('16070-00000001', async () => 'next');
    failing.fail(new Error('SLOT_FULL'));
    await expect(failed).resolves.toBe('SLOT_FULL');
    await expect(next).resolves.toBe('next');
  });
});
