// The list of disclosures (R52, R74) folded from the audit store: requests and approvals
// only, newest first, narrowed to offices; and its snapshot encoding through JSON and back,
// anything else refused rather than half-restored.
import type { EventStore, RecordedEvent } from '@soudan/event-store';
import {
  decodeDisclosureList,
  DisclosureListModel,
  encodeDisclosureList,
  type ListedDisclosure,
} from './disclosure-list';

const HOME = '16070';

function storeOf(events: RecordedEvent[]): EventStore {
  return {
    readAll: async ({ after, limit = 1000 }: { after?: bigint; limit?: number } = {}) =>
      events.filter((e) => after === undefined || e.position > after).slice(0, limit),
    snapshots: { load: async () => undefined, save: async () => undefined },
  } as unknown as EventStore;
}

let position = 0n;
const event = (streamId: string, type: string, data: Record<string, unknown>): RecordedEvent =>
  ({
    eventId: `e${position}`,
    streamId,
    type,
    revision: 0,
    position: position++,
    recordedAt: '2026-12-15T03:00:00.000Z',
    data,
    metadata: {},
  }) as unknown as RecordedEvent;

const requested = (id: string, at: string, scope: Record<string, unknown>, by = 'staff:sato') =>
  event(`disclosure-${id}`, 'DisclosureRequested', {
    disclosureId: id,
    authority: '富山県警察本部',
    legalBasis: '刑事訴訟法第197条第2項',
    scope,
    requestedBy: by,
    requestedAt: at,
  });

describe('the list of disclosures (R52, R74)', () => {
  const events = [
    requested('a', '2026-12-14T01:00:00.000Z', { seekerId: 'f'.repeat(32), from: '2026-12-01', to: '2026-12-14' }),
    requested('b', '2026-12-15T01:00:00.000Z', { from: '2026-12-10', to: '2026-12-10', office: '13010' }),
    event('audit-trail', 'AuditRecorded', { stream: 'disclosure-a', data: { device: { ip: '203.0.113.7' } } }),
    requested('c', '2026-12-15T01:00:00.000Z', { from: '2026-12-10', to: '2026-12-10', office: HOME }),
    event('disclosure-a', 'DisclosureApproved', {
      disclosureId: 'a',
      approvedBy: 'staff:kato',
      approvedAt: '2026-12-15T02:00:00.000Z',
    }),
    event('disclosure-a', 'DisclosureRecordsRevealed', {
      disclosureId: 'a',
      revealedTo: 'staff:kato',
      firstPosition: '1',
      lastPosition: '1',
      count: 1,
    }),
    requested('d', '2026-12-15T03:00:00.000Z', { from: '2026-12-10', to: '2026-12-10', office: '*' }, 'staff:admin'),
  ];

  it('R52: lists requests and approvals, newest request first (the later recorded first at the same instant), never a reveal', async () => {
    const model = new DisclosureListModel(storeOf(events), HOME);
    const { disclosures } = await model.list();
    expect(disclosures.map((d) => [d.id, d.status, d.office])).toEqual([
      ['d', 'requested', '*'],
      ['c', 'requested', HOME],
      ['b', 'requested', '13010'],
      ['a', 'approved', HOME],
    ]);
    expect(disclosures[3]).toEqual({
      id: 'a',
      office: HOME,
      status: 'approved',
      authority: '富山県警察本部',
      legalBasis: '刑事訴訟法第197条第2項',
      scope: { seekerId: 'f'.repeat(32), from: '2026-12-01', to: '2026-12-14' },
      requestedBy: 'staff:sato',
      requestedAt: '2026-12-14T01:00:00.000Z',
      approvedBy: 'staff:kato',
      approvedAt: '2026-12-15T02:00:00.000Z',
    });
    expect(JSON.stringify(disclosures)).not.toMatch(/203\.0\.113\.7|revealedTo|count/);
    expect((await model.list({ status: 'requested' })).disclosures.map((d) => d.id)).toEqual(['d', 'c', 'b']);
    expect((await model.list({ status: 'approved' })).disclosures.map((d) => d.id)).toEqual(['a']);
  });

  it("R74: a supervisor's offices' disclosures only (one without an office is the configured office's); '*' lists all", async () => {
    const model = new DisclosureListModel(storeOf(events), HOME);
    expect((await model.list({ offices: [HOME] })).disclosures.map((d) => d.id)).toEqual(['c', 'a']);
    expect((await model.list({ offices: ['13010'] })).disclosures.map((d) => d.id)).toEqual(['b']);
    expect((await model.list({ offices: ['*'] })).disclosures.map((d) => d.id)).toEqual(['d', 'c', 'b', 'a']);
    expect((await model.list({ offices: ['17010'] })).disclosures).toEqual([]);
  });

  it('R52: reads what was appended since the last answer', async () => {
    const growing = events.slice(0, 2);
    const model = new DisclosureListModel(storeOf(growing), HOME);
    expect((await model.list()).disclosures).toHaveLength(2);
    growing.push(events[3]);
    expect((await model.list()).disclosures.map((d) => d.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('disclosure list snapshot encoding', () => {
  const listed = (id: string, over: Partial<ListedDisclosure> = {}): ListedDisclosure => ({
    id,
    status: 'requested',
    authority: '富山県警察本部',
    legalBasis: '刑事訴訟法第197条第2項',
    scope: { from: '2026-12-01', to: '2026-12-14' },
    requestedBy: 'staff:sato',
    requestedAt: '2026-12-14T01:00:00.000Z',
    ...over,
  });

  it('restores the disclosures saved, in the same order, each copied', () => {
    const map = new Map(
      [listed('b', { office: '13010' }), listed('a', { status: 'approved', approvedBy: 'staff:kato' })].map((d) => [
        d.id,
        d,
      ]),
    );
    const encoded = encodeDisclosureList(map);
    const restored = decodeDisclosureList(JSON.parse(JSON.stringify(encoded)));
    expect(restored).toEqual(map);
    expect([...restored.keys()]).toEqual(['b', 'a']);
    map.get('b')!.scope.from = '2000-01-01';
    expect(encoded[0].scope.from).toBe('2026-12-01');
  });

  it('refuses states that are not listed disclosures', () => {
    expect(() => decodeDisclosureList({})).toThrow(/not an array/);
    expect(() => decodeDisclosureList([null])).toThrow(/entry 0 is not an object/);
    expect(() => decodeDisclosureList([{ ...listed('a'), requestedBy: 7 }])).toThrow(/requestedBy is not a string/);
    expect(() => decodeDisclosureList([{ ...listed('a'), status: 'revealed' }])).toThrow(/unknown status/);
    expect(() => decodeDisclosureList([{ ...listed('a'), scope: { from: '2026-12-01' } }])).toThrow(/no period/);
  });
});
