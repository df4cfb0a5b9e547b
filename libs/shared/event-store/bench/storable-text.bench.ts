// What the check for text no store can keep (R50) costs on every append: the walk over
// an event's data and metadata, beside the JSON.stringify every adapter does for the
// same event anyway (the baseline, measured in the same run), for events shaped like the
// system's: an access record, a reservation request with Japanese text, a roster batch.
import { performance } from 'node:perf_hooks';
import { findUnstorableText, makeStorable } from '../src/storable-text';

const access = {
  data: {
    at: '2026-12-01T01:00:00.000Z',
    method: 'GET',
    route: '/api/v1/reservations/:id',
    params: { id: 'b3c1a2d4-0000-4000-8000-000000000001' },
    status: 200,
    outcome: 'allowed',
    principal: { kind: 'seeker', seekerId: 'a1'.repeat(16) },
    durationMs: 3.2,
    device: {
      ip: 'ip_0123456789abcdef',
      userAgent: 'ua_0123456789abcdef',
      sealed: { kid: 'seeker-device-v1:x:y', iv: 'a'.repeat(16), tag: 'b'.repeat(22), data: 'c'.repeat(120) },
    },
    correlationId: 'corr-0000',
  },
  metadata: { correlationId: 'corr-0000', actor: 'seeker:abc', schemaVersion: 1, purpose: 'operations' },
};
const reservation = {
  data: {
    reservationId: 'r-1',
    seekerId: 'a1'.repeat(16),
    desiredSlots: ['2026-12-09T01:00:00.000Z', '2026-12-10T05:30:00.000Z'],
    topic: '応募書類の書き方について相談したいです。'.repeat(4),
    onlineReason: '子育て中のため来所が難しい 😀',
    devices: { camera: true, microphone: true, speaker: true },
    contact: { sealed: 'x'.repeat(400) },
  },
  metadata: { correlationId: 'c', actor: 'seeker:abc', schemaVersion: 1 },
};
const roster = {
  data: {
    rows: Array.from({ length: 200 }, (_, i) => ({
      line: i + 2,
      cells: [`16070-${String(10_000_000 + i)}`, '滑川 太郎', `user${i}@example.jp`, '16070', '登録済'],
    })),
  },
  metadata: { correlationId: 'c', schemaVersion: 1 },
};

function perEvent(work: () => unknown, rounds: number): number {
  for (let i = 0; i < rounds / 10; i++) work();
  const started = performance.now();
  for (let i = 0; i < rounds; i++) work();
  return ((performance.now() - started) * 1e6) / rounds;
}

console.log('event shape      JSON.stringify (baseline)   unstorable-text check   check / baseline');
for (const [name, event, rounds] of [
  ['access record', access, 200_000],
  ['reservation', reservation, 200_000],
  ['roster batch', roster, 5_000],
] as const) {
  const baseline = perEvent(() => JSON.stringify(event.data) + JSON.stringify(event.metadata), rounds);
  const check = perEvent(
    () => findUnstorableText(event.data, 'data') ?? findUnstorableText(event.metadata, 'metadata'),
    rounds,
  );
  const repair = perEvent(() => makeStorable(event.data), rounds);
  console.log(
    `${name.padEnd(16)} ${`${baseline.toFixed(0)} ns`.padStart(14)} ${`${check.toFixed(0)} ns`.padStart(22)} ${`${(check / baseline).toFixed(2)}x`.padStart(18)}   (makeStorable on storable data: ${repair.toFixed(0)} ns)`,
  );
}
