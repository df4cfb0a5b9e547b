// When a projection resumes from a snapshot and when it saves one, over a snapshot
// store kept in memory (the adapters' own behaviour is in the contract suite).
import type { Snapshot, SnapshotStore } from './event-store.port';
import {
  listsInParts,
  rebuildReadModelsRequested,
  SnapshotKeeper,
  WHOLE_STATE,
  type SnapshotKeeperOptions,
} from './projection-snapshots';

class MemorySnapshots implements SnapshotStore {
  readonly stored = new Map<string, Snapshot>();
  saves = 0;
  failNext = 0;
  loadFails = false;
  delayMs = 1;

  async load(name: string): Promise<Snapshot | undefined> {
    if (this.loadFails) throw new Error('store down');
    const found = this.stored.get(name);
    return found && { ...found, parts: JSON.parse(JSON.stringify(found.parts)) };
  }

  async save(name: string, position: bigint, version: string, parts: readonly unknown[]): Promise<void> {
    const text = JSON.stringify(parts);
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('store down');
    }
    this.saves += 1;
    this.stored.set(name, { position, version, parts: JSON.parse(text) });
  }
}

interface Logged {
  level: 'info' | 'warn';
  message: string;
}

/** A counter "projection": position and a count of folded events. */
function setup(options: Partial<SnapshotKeeperOptions> = {}) {
  const store = new MemorySnapshots();
  const logged: Logged[] = [];
  const model = { position: undefined as bigint | undefined, count: 0 };
  const keeper = (extra: Partial<SnapshotKeeperOptions> = {}) =>
    new SnapshotKeeper({
      store,
      name: 'counter',
      version: 'v1',
      logger: {
        info: (_d, message) => logged.push({ level: 'info', message }),
        warn: (_d, message) => logged.push({ level: 'warn', message }),
      },
      capture: () =>
        model.position === undefined ? undefined : { position: model.position, state: { count: model.count } },
      ...options,
      ...extra,
    });
  const fold = (k: SnapshotKeeper, events: number) => {
    for (let i = 0; i < events; i++) {
      model.position = (model.position ?? 0n) + 10n;
      model.count += 1;
      k.applied();
    }
  };
  const decode = (state: unknown) => {
    const count = (state as { count?: unknown } | null)?.count;
    if (typeof count !== 'number') throw new Error('not a counter');
    return count;
  };
  return { store, logged, model, keeper, fold, decode };
}

describe('SnapshotKeeper', () => {
  it('resumes from a snapshot of its version', async () => {
    const { store, keeper, decode, logged } = setup();
    store.stored.set('counter', { position: 70n, version: 'v1', parts: [{ count: 7 }] });
    expect(await keeper().restore(decode)).toEqual({ position: 70n, model: 7 });
    expect(logged.map((l) => l.message)).toEqual(['read model resumed from its snapshot']);
  });

  it('folds the whole history when there is no snapshot, one of another version, an unreadable one, or the store cannot load it', async () => {
    const { store, keeper, decode, logged } = setup();
    expect(await keeper().restore(decode)).toBeUndefined();
    store.stored.set('counter', { position: 70n, version: 'v0', parts: [{ count: 7 }] });
    expect(await keeper().restore(decode)).toBeUndefined();
    store.stored.set('counter', { position: 70n, version: 'v1', parts: [{ total: 'seven' }] });
    expect(await keeper().restore(decode)).toBeUndefined();
    store.loadFails = true;
    expect(await keeper().restore(decode)).toBeUndefined();
    expect(logged).toEqual([
      { level: 'info', message: 'no read model snapshot yet: folding the whole history' },
      { level: 'info', message: 'read model snapshot is of another model version: folding the whole history' },
      { level: 'warn', message: 'read model snapshot is unreadable: folding the whole history' },
      { level: 'warn', message: 'read model snapshot could not be loaded: folding the whole history' },
    ]);
  });

  it('ignores a good snapshot when a rebuild is asked for', async () => {
    const { store, keeper, decode } = setup();
    store.stored.set('counter', { position: 70n, version: 'v1', parts: [{ count: 7 }] });
    expect(await keeper({ rebuild: true }).restore(decode)).toBeUndefined();
  });

  it('saves at once after folding the whole history, then every N events, and at stop', async () => {
    const { store, model, keeper, fold, decode } = setup({
      policy: { everyEvents: 3, everyMs: 60_000, maxTimeShare: 1 },
    });
    const k = keeper();
    await k.restore(decode);
    fold(k, 5); // the start's catch-up: no saves while it runs
    expect(store.saves).toBe(0);
    k.follow();
    await k.save(); // waits for the save follow() started
    expect(store.stored.get('counter')).toEqual({ position: 50n, version: 'v1', parts: [{ count: 5 }] });
    fold(k, 2);
    await k.save();
    expect(store.saves).toBe(2);
    fold(k, 3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.stored.get('counter')?.position).toBe(model.position);
    fold(k, 1);
    await k.stop();
    expect(store.stored.get('counter')).toEqual({ position: 110n, version: 'v1', parts: [{ count: 11 }] });
    const saves = store.saves;
    await k.stop();
    expect(store.saves).toBe(saves);
  });

  it('does not save after a resume that folded less than N events until time or stop says so', async () => {
    const { store, keeper, fold, decode } = setup({ policy: { everyEvents: 100, everyMs: 30 } });
    store.stored.set('counter', { position: 0n, version: 'v1', parts: [{ count: 0 }] });
    const k = keeper();
    await k.restore(decode);
    fold(k, 2);
    k.follow();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(store.saves).toBe(0);
    for (let waited = 0; store.saves === 0 && waited < 2_000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(store.saves).toBe(1);
    expect(store.stored.get('counter')?.position).toBe(20n);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(store.saves).toBe(1); // nothing changed since
    await k.stop();
  });

  it('keeps what a failed save held pending and saves it next time', async () => {
    const { store, keeper, fold, decode, logged } = setup({ policy: { everyEvents: 1_000, everyMs: 60_000 } });
    const k = keeper();
    await k.restore(decode);
    k.follow();
    fold(k, 4);
    store.failNext = 1;
    await k.save();
    expect(store.stored.get('counter')).toBeUndefined();
    expect(logged.at(-1)).toEqual({ level: 'warn', message: 'read model snapshot not saved; trying again later' });
    await k.stop();
    expect(store.stored.get('counter')).toEqual({ position: 40n, version: 'v1', parts: [{ count: 4 }] });
  });

  it('waits after a save for as long as the time share allows, then saves by count again', async () => {
    const { store, model, keeper, fold, decode } = setup({
      policy: { everyEvents: 2, everyMs: 60_000, maxTimeShare: 0.1 },
    });
    store.delayMs = 40; // a save takes at least 40 ms, so the next may start no sooner than 360 ms after it
    const k = keeper();
    await k.restore(decode);
    fold(k, 2);
    k.follow();
    await k.settled();
    expect(store.saves).toBe(1);
    const ended = performance.now();
    // Events folded during the wait ask for no save, however many: one at a time until one does.
    let waited = 0;
    while (store.saves === 1 && waited < 5_000) {
      fold(k, 1);
      await k.settled();
      await new Promise((resolve) => setTimeout(resolve, 10));
      waited += 10;
    }
    expect(store.saves).toBe(2);
    expect(performance.now() - ended).toBeGreaterThanOrEqual(360);
    expect(store.stored.get('counter')?.position).toBe(model.position);
  });

  it('does not start a second save while one runs, however many events arrive', async () => {
    const { store, keeper, fold, decode } = setup({ policy: { everyEvents: 1, everyMs: 60_000, maxTimeShare: 1 } });
    store.delayMs = 30;
    const k = keeper();
    await k.restore(decode);
    fold(k, 1);
    k.follow();
    fold(k, 50);
    await k.settled();
    expect(store.saves).toBe(1);
  });

  it('saves nothing for a projection that folded nothing', async () => {
    const { store, keeper, decode } = setup();
    const k = keeper();
    await k.restore(decode);
    k.follow();
    await k.stop();
    expect(store.saves).toBe(0);
  });
});

describe('a state in parts', () => {
  const state = {
    reservations: Array.from({ length: 7 }, (_, i) => [`r-${i}`, { n: i }]),
    empty: [] as unknown[],
    office: { code: '16070' },
    slots: [['16070|10:00', { holds: [] }]],
  };

  it('cuts each list into parts of at most N items, in field order, and joins them back to the same state', () => {
    const split = listsInParts(3).split(state);
    expect(split).toEqual([
      ['reservations', state.reservations.slice(0, 3)],
      ['reservations', state.reservations.slice(3, 6)],
      ['reservations', state.reservations.slice(6)],
      ['empty', []],
      ['office', { code: '16070' }],
      ['slots', state.slots],
    ]);
    const joined = listsInParts(3).join(JSON.parse(JSON.stringify(split)) as unknown[]);
    expect(joined).toEqual(state);
    expect(Object.keys(joined as object)).toEqual(['reservations', 'empty', 'office', 'slots']);
  });

  it('keeps a list of exactly N items in one part, and one of N + 1 in two', () => {
    expect(listsInParts(7).split(state)).toHaveLength(4);
    expect(listsInParts(6).split(state)).toHaveLength(5);
  });

  it('joins into lists of its own: the parts it was given are left as they were', () => {
    const parts = listsInParts(3).split(state);
    listsInParts(3).join(parts);
    expect((parts[0] as [string, unknown[]])[1]).toHaveLength(3);
  });

  it('refuses parts it did not make, and a part count or size that cannot be', () => {
    const { join } = listsInParts(3);
    expect(() => join([{ reservations: [] }])).toThrow('snapshot part 0 is not a [field, value] pair');
    expect(() =>
      join([
        ['a', [1]],
        [7, [2]],
      ]),
    ).toThrow('snapshot part 1 is not a [field, value] pair');
    expect(() =>
      join([
        ['a', [1]],
        ['a', [2], 'x'],
      ]),
    ).toThrow('snapshot part 1 is not a [field, value] pair');
    expect(() =>
      join([
        ['office', { code: '1' }],
        ['office', [2]],
      ]),
    ).toThrow('snapshot part 1 repeats the field "office", which is not a list');
    expect(() =>
      join([
        ['a', [1]],
        ['a', { b: 2 }],
      ]),
    ).toThrow('repeats the field "a"');
    expect(() => listsInParts(3).split([1, 2])).toThrow(TypeError);
    expect(() => listsInParts(3).split(null)).toThrow(TypeError);
    expect(() => listsInParts(0)).toThrow(RangeError);
    expect(() => listsInParts(1.5)).toThrow(RangeError);
    expect(() => WHOLE_STATE.join([1, 2])).toThrow('snapshot in 2 parts where one was expected');
    expect(WHOLE_STATE.join([{ a: 1 }])).toEqual({ a: 1 });
  });

  it('a keeper with a splitting saves the parts and resumes from them; a snapshot of other parts is folded again', async () => {
    const { store, model, keeper, fold, logged } = setup({
      splitting: listsInParts(2),
      capture: () =>
        model.position === undefined
          ? undefined
          : {
              position: model.position,
              state: { seen: Array.from({ length: model.count }, (_, i) => i), count: model.count },
            },
    });
    const decode = (joined: unknown) => (joined as { seen: number[] }).seen;
    const k = keeper();
    await k.restore(decode);
    fold(k, 5);
    k.follow();
    await k.stop();
    expect(store.stored.get('counter')?.parts).toEqual([
      ['seen', [0, 1]],
      ['seen', [2, 3]],
      ['seen', [4]],
      ['count', 5],
    ]);
    expect(await keeper().restore(decode)).toEqual({ position: 50n, model: [0, 1, 2, 3, 4] });
    // A whole-state snapshot under the same name and version is not what this keeper wrote.
    store.stored.set('counter', { position: 60n, version: 'v1', parts: [{ seen: [0] }] });
    expect(await keeper().restore(decode)).toBeUndefined();
    expect(logged.at(-1)).toEqual({
      level: 'warn',
      message: 'read model snapshot is unreadable: folding the whole history',
    });
  });
});

describe('REBUILD_READ_MODELS', () => {
  it('is off unless set to 1 or true, and a value it does not know stops start-up naming it', () => {
    expect(rebuildReadModelsRequested({})).toBe(false);
    for (const off of ['', '0', 'false', 'FALSE'])
      expect(rebuildReadModelsRequested({ REBUILD_READ_MODELS: off })).toBe(false);
    for (const on of ['1', 'true', ' TRUE '])
      expect(rebuildReadModelsRequested({ REBUILD_READ_MODELS: on })).toBe(true);
    expect(() => rebuildReadModelsRequested({ REBUILD_READ_MODELS: 'yes please' })).toThrow(
      /REBUILD_READ_MODELS must be 1 .* got "yes please"/,
    );
  });
});
