// Issue 14, item 1: a running system's /metrics on its operator port (OPS_PORT) moves
// with a reservation: the HTTP route, the request-reply pattern, the store append, the
// relay, the read model, the mail.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, readConfig } from '@soudan/platform';
import { BusinessCalendar, jstDateOf } from '@soudan/time';
import { eventually, freePort } from '@soudan/testing';
import { startEmbeddedSystem, type EmbeddedSystem } from './embedded-system';
import { apiClient } from './testing/api-client';
import { reservationRequest, signInAdminAndSeeker } from './testing/sign-in';

const ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';

/** Every sample of a scrape: `name{labels}` -> value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** The sum of the samples of `name` whose labels include every one of `labels`. */
function total(scrape: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const [key, value] of scrape) {
    const [metric] = key.split('{');
    if (metric !== name) continue;
    if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) sum += value;
  }
  return sum;
}

describe('metrics on the operator port (issue 14)', () => {
  let system: EmbeddedSystem;
  let dataDir: string;
  let opsPort: number;
  const scrape = async () => {
    const response = await fetch(`http://127.0.0.1:${opsPort}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return samples(await response.text());
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-metrics-'));
    opsPort = await freePort();
    const config = readConfig('embedded', {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      OPS_PORT: String(opsPort),
      ADMIN_PASSWORD,
      INBOUND_SMTP_PORT: 'off',
    });
    system = await startEmbeddedSystem(
      config,
      createLogger({ name: 'test', level: 'error', destination: new Writable({ write: (_c, _e, done) => done() }) }),
    );
  });

  afterAll(async () => {
    await system?.close();
  });

  it('a reservation moves the HTTP, RPC, store, relay, read-model and mail series', async () => {
    const { seeker } = await signInAdminAndSeeker(system.url, dataDir, ADMIN_PASSWORD);
    const before = await scrape();
    const slot = `${new BusinessCalendar().addBusinessDays(jstDateOf(new Date()), 3)}T10:00:00+09:00`;
    const created = await apiClient(() => system.url).call('POST', '/reservations', {
      token: seeker,
      headers: { 'idempotency-key': `metrics-${Date.now()}` },
      body: reservationRequest(slot),
    });
    expect(created.status).toBe(201);

    const after = await eventually(
      async () => {
        const now = await scrape();
        const published = (s: Map<string, number>) =>
          total(s, 'soudan_events_published_total', { context: 'scheduling', type: 'ReservationRequested' });
        return published(now) > published(before) ? now : undefined;
      },
      { timeoutMs: 20_000, what: 'ReservationRequested counted as published' },
    );
    const moved = (name: string, labels: Record<string, string> = {}) =>
      total(after, name, labels) - total(before, name, labels);

    // HTTP per route template (not the raw URL), RPC per pattern, both ends.
    expect(
      moved('soudan_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/reservations',
        status: '201',
      }),
    ).toBe(1);
    expect([...after.keys()].some((k) => k.includes(created.body.id))).toBe(false);
    expect(moved('soudan_rpc_client_duration_seconds_count', { outcome: 'OK' })).toBeGreaterThan(0);
    expect(moved('soudan_rpc_server_duration_seconds_count', { outcome: 'OK' })).toBeGreaterThan(0);
    // The append, the relay's delay and position, the read model's position.
    expect(
      moved('soudan_event_store_append_duration_seconds_count', { store: 'scheduling', outcome: 'ok' }),
    ).toBeGreaterThan(0);
    expect(moved('soudan_relay_delay_seconds_count', { context: 'scheduling' })).toBeGreaterThan(0);
    expect(total(after, 'soudan_relay_position', { context: 'scheduling' })).toBeGreaterThan(0);
    expect(total(after, 'soudan_projection_position', { projection: 'scheduling' })).toBeGreaterThan(
      total(before, 'soudan_projection_position', { projection: 'scheduling' }),
    );
    // Timers: the request's answer deadline (R7) is pending, not yet due.
    expect(after.has('soudan_timers_due{kind="MarkOverdue"}')).toBe(true);
    // The mail about the request goes out (to the outbox here).
    const mailed = await eventually(
      async () => {
        const now = await scrape();
        return total(now, 'soudan_mails_total', { outcome: 'sent' }) >
          total(before, 'soudan_mails_total', { outcome: 'sent' })
          ? now
          : undefined;
      },
      { timeoutMs: 20_000, what: 'a mail counted as sent' },
    );
    expect(total(mailed, 'soudan_dead_letters_total')).toBe(0);
    expect(total(mailed, 'soudan_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
