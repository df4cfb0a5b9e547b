import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeAppendManyContract } from '../contract/append-many.contract';
import { describeEventStoreContract, newEvent } from '../contract/event-store.contract';
import { openEmbeddedStores } from '../open-event-store';
import { PgliteEventStore } from './pglite-event-store';

const ROOT = resolve(import.meta.dirname, '../../../../..');

/** Another process holding the database at `dir` (testing/hold-database.ts), once it says so. */
async function holdInAnotherProcess(dir: string) {
  const child = spawn(
    process.execPath,
    [
      '--no-warnings=ExperimentalWarning',
      '--import',
      './tools/register.mjs',
      'libs/shared/event-store/src/pglite/testing/hold-database.ts',
      dir,
    ],
    { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  await new Promise<void>((done, fail) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('open')) done();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    void exited.then(() => fail(new Error(`the holding process exited: ${out}${err}`)));
  });
  return { killHard: async () => (child.kill('SIGKILL'), await exited) };
}

// PGlite takes seconds to open: one in-memory instance for the whole contract.
describeEventStoreContract('PGlite (in memory)', async () => ({
  store: await PgliteEventStore.open({ pollIntervalMs: 200 }),
}));
describeAppendManyContract('PGlite (in memory)', async () => ({
  store: await PgliteEventStore.open({ pollIntervalMs: 200 }),
}));

describe('PGlite on disk', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-pglite-'));
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps its events, checkpoints, inbox and snapshots across close and reopen of the data directory', async () => {
    const first = await PgliteEventStore.open({ dataDir, schema: 'scheduling' });
    const appended = await first.append(
      'reservation-1',
      [newEvent('ReservationRequested', { office: '滑川' }), newEvent('ConsentReceived')],
      'no_stream',
    );
    await first.checkpoints.put('relay', appended.position);
    await first.inbox.add('mailer', 'evt-1');
    await first.snapshots.save('scheduling-read-models', appended.position, 'v1', [
      ['reservations', [['1', { topic: '相談' }]]],
      ['reservations', [['2', { topic: '面接' }]]],
    ]);
    await first.close();

    const reopened = await PgliteEventStore.open({ dataDir, schema: 'scheduling' });
    try {
      const events = await reopened.readStream('reservation-1');
      expect(events.map((e) => e.type)).toEqual(['ReservationRequested', 'ConsentReceived']);
      expect(events[0].data).toEqual({ office: '滑川' });
      expect(await reopened.checkpoints.get('relay')).toBe(appended.position);
      expect(await reopened.inbox.has('mailer', 'evt-1')).toBe(true);
      expect(await reopened.snapshots.load('scheduling-read-models')).toEqual({
        position: appended.position,
        version: 'v1',
        parts: [
          ['reservations', [['1', { topic: '相談' }]]],
          ['reservations', [['2', { topic: '面接' }]]],
        ],
      });
      expect(await reopened.append('reservation-1', [newEvent('SessionNoShow')], 1)).toMatchObject({
        nextExpectedRevision: 2,
      });
    } finally {
      await reopened.close();
    }
  });

  it('serves several services in one process from one directory, a schema each, kept apart', async () => {
    const stores = await openEmbeddedStores({
      url: `pglite://${join(dataDir, 'shared')}`,
      schemas: ['scheduling', 'audit'],
    });
    try {
      await stores.get('scheduling').append('reservation-9', [newEvent('ReservationRequested')], 'no_stream');
      await stores.get('audit').append('access-1', [newEvent('RecordAccessed')], 'no_stream');
      expect((await stores.get('scheduling').readAll()).map((e) => e.streamId)).toEqual(['reservation-9']);
      expect((await stores.get('audit').readAll()).map((e) => e.streamId)).toEqual(['access-1']);
      expect(() => stores.get('billing')).toThrow(/no event store was opened for schema "billing"/);
    } finally {
      await stores.close();
    }
  });

  it('counts the appends made through any store of a schema, before each append answers, and no other schema’s (appendsMade)', async () => {
    const stores = await openEmbeddedStores({
      url: `pglite://${join(dataDir, 'counted')}`,
      schemas: ['gateway', 'audit'],
    });
    const second = await PgliteEventStore.open({ dataDir: join(dataDir, 'counted'), schema: 'gateway' });
    try {
      const gateway = stores.get('gateway');
      const start = gateway.appendsMade!();
      expect(second.appendsMade()).toBe(start);
      // Seen as moved by the time the append answers, on both handles of the schema.
      const seen: number[] = [];
      const ended = newEvent('Ended');
      const appending = second.append('ends-1', [ended], 'no_stream').then(() => seen.push(gateway.appendsMade!()));
      await appending;
      expect(seen[0]).toBeGreaterThan(start);
      const afterOne = gateway.appendsMade!();
      await gateway.appendMany!([
        { streamId: 'access-1', events: [newEvent('Accessed')], expected: 'no_stream' },
        { streamId: 'access-2', events: [newEvent('Accessed')], expected: 'no_stream' },
      ]);
      expect(second.appendsMade()).toBeGreaterThan(afterOne);
      // Another schema's append, a read, and a retry that stores nothing leave it where it is.
      const settled = gateway.appendsMade!();
      await stores.get('audit').append('access-9', [newEvent('RecordAccessed')], 'no_stream');
      await gateway.readStream('ends-1');
      await gateway.append('ends-1', [ended], 'no_stream');
      expect(gateway.appendsMade!()).toBe(settled);
    } finally {
      await second.close();
      await stores.close();
    }
  });

  it('is opened by one process at a time: another is refused while the first runs, and takes the database over after a kill -9', async () => {
    const dir = join(dataDir, 'locked');
    const holder = await holdInAnotherProcess(dir);
    try {
      await expect(PgliteEventStore.open({ dataDir: dir })).rejects.toThrow(/is open in another process/);
    } finally {
      await holder.killHard();
    }
    // The lock of a process that is gone is taken over; what it appended is there.
    const store = await PgliteEventStore.open({ dataDir: dir, schema: 'public' });
    try {
      expect((await store.readStream('held')).map((e) => e.type)).toEqual(['Held']);
      expect(existsSync(`${dir}.lock`)).toBe(true);
    } finally {
      await store.close();
    }
    expect(existsSync(`${dir}.lock`)).toBe(false);
  }, 60_000);

  it('offers no appendWithin, whose commit appendsMade could not count', async () => {
    const store = await PgliteEventStore.open();
    try {
      await expect(store.appendWithin()).rejects.toThrow(/not offered by the embedded store/);
    } finally {
      await store.close();
    }
  });
});
