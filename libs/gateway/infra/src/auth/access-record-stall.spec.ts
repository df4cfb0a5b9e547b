// R50: a store that stays down is an alert, not a log flood; and the request path never
// turns a backlog into a storm of appends.
import { Writable } from 'node:stream';
import { StoreUnavailableError, type EventStore, type ExpectedRevision, type NewEvent } from '@soudan/event-store';
import { createLogger } from '@soudan/platform';
import { DeviceDataSealer } from '../device-data/device-data-sealer';
import { InMemoryDeviceKeyTable } from '../device-data/device-key-table';
import { ACCESS_ALERT_STREAM, AccessAlerts, type AccessRecordingStalledV1, StallWatch } from '@soudan/identity-infra';
import { AccessRecorder, type AccessInput } from './access-record';

class DownStore {
  attempts = 0;
  down = true;
  appends: Array<{ stream: string; events: NewEvent[] }> = [];
  async append(stream: string, events: NewEvent[], _expected: ExpectedRevision) {
    this.attempts++;
    if (this.down) throw new StoreUnavailableError('connection refused');
    this.appends.push({ stream, events });
    return { nextExpectedRevision: 0, position: 0n };
  }
  async readStream(stream: string) {
    return this.appends
      .filter((a) => a.stream === stream)
      .flatMap((a) => a.events)
      .map((e, revision) => ({ ...e, streamId: stream, revision, position: BigInt(revision), recordedAt: '' }));
  }
}

function capturedLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = createLogger({
    name: 'test',
    level: 'info',
    destination: new Writable({
      write: (chunk, _e, done) => {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  });
  return { logger, lines };
}

const keys = { encryptionKey: Buffer.alloc(32, 1), pseudonymKey: Buffer.alloc(32, 2) };
const access = (): AccessInput => ({
  at: new Date(),
  method: 'GET',
  route: '/api/v1/health',
  path: '/api/v1/health',
  params: {},
  status: 200,
  durationMs: 1,
  ip: '198.51.100.1',
});

describe('access record while the store is down (R50)', () => {
  it('R50: says it once, alerts staff after the threshold, then logs at most every interval, and once when back', () => {
    const { logger, lines } = capturedLogger();
    let now = 0;
    const watch = new StallWatch(logger, 60_000, 300_000, () => now);
    for (let second = 0; second < 3600; second++) {
      now = second * 1000;
      watch.failed(new StoreUnavailableError('down'), 10);
    }
    expect(watch.live(10)).toMatchObject({ since: new Date(0).toISOString(), failedAttempts: 3600, waiting: 10 });
    now = 3_600_000;
    const ended = watch.recovered();
    expect(ended).toMatchObject({ from: new Date(0).toISOString(), failedAttempts: 3600, reason: 'STORE_UNAVAILABLE' });
    // One at the start, one alert, one every 5 minutes after it (11), one at the end.
    expect(lines.length).toBeLessThanOrEqual(14);
    expect(lines.filter((l) => /raised to staff/.test(l.msg))).toHaveLength(1);
    expect(lines.at(-1)?.msg).toBe('access records are stored again');
    expect(watch.live(0)).toBeUndefined();
  });

  it('R50: a short outage that cost nothing leaves no alert behind', () => {
    const { logger } = capturedLogger();
    let now = 0;
    const watch = new StallWatch(logger, 60_000, 300_000, () => now);
    watch.failed(new StoreUnavailableError('down'), 1);
    now = 5000;
    expect(watch.live(1)).toBeUndefined();
    expect(watch.recovered()).toBeUndefined();
  });

  it('R50: thousands of requests against a store that is down make a bounded number of appends and log lines, and staff see the stall until it is stored as an alert', async () => {
    const { logger, lines } = capturedLogger();
    const store = new DownStore();
    const sealer = new DeviceDataSealer(async () => new InMemoryDeviceKeyTable(), keys);
    const recorder = new AccessRecorder(store as unknown as EventStore, sealer, keys, logger, {
      flushIntervalMs: 20,
      maxBatch: 50,
      stallAlertMs: 300,
      logEveryMs: 60_000,
    });
    const alerts = new AccessAlerts(store as unknown as EventStore, () => recorder.liveStall());
    const started = Date.now();
    let recorded = 0;
    while (Date.now() - started < 1000) {
      for (let i = 0; i < 200; i++, recorded++) recorder.record(access());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Before the fix every record past a full batch started its own append.
    expect(store.attempts).toBeLessThan(30);
    expect(lines.length).toBeLessThanOrEqual(2);
    const live = await alerts.list();
    expect(live).toEqual([expect.objectContaining({ kind: 'recording-stalled-now', dropped: 0 })]);
    expect((live[0] as { waiting: number }).waiting).toBeGreaterThan(1000);

    store.down = false;
    await recorder.close();
    // Nothing lost: every record of the outage is stored once the store is back.
    expect(store.appends.flatMap((a) => a.events).filter((e) => e.type === 'AccessRecorded')).toHaveLength(recorded);
    const stored = await alerts.list();
    expect(stored).toEqual([expect.objectContaining({ kind: 'recording-stalled', id: live[0].id })]);
    const data = store.appends.find((a) => a.stream === ACCESS_ALERT_STREAM)!.events[0]
      .data as AccessRecordingStalledV1;
    expect(data.waited).toBeGreaterThan(1000);
    expect(lines.at(-1)?.msg).toBe('access records are stored again');

    await alerts.resolve(live[0].id, 'staff:sato', new Date(), '復旧を確認');
    expect(await alerts.list()).toEqual([]);
    await expect(alerts.resolve(live[0].id, 'staff:kato', new Date())).rejects.toMatchObject({
      code: 'ALERT_ALREADY_RESOLVED',
    });
  });
});
