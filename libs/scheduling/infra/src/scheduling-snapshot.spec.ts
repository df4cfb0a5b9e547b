// The snapshot encoding of scheduling's read models: a model survives JSON and back
// unchanged (Maps, Sets and their order included), and anything that is not such a
// model is refused rather than half-restored.
import { NAMERIKAWA } from '@soudan/offices';
import {
  capacityDecider,
  evolve,
  initialState,
  slotDecider,
  termsDecider,
  type Reservation,
  type ReservationEvent,
} from '@soudan/scheduling-domain';
import {
  decodeSchedulingModel,
  emptySchedulingModel,
  encodeSchedulingModel,
  UnreadableSnapshotError,
  type SchedulingModel,
} from './scheduling-snapshot';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const SLOT = '2026-12-02T10:00:00+09:00';
const LATER = '2026-12-03T14:00:00+09:00';

function reservation(
  id: string,
  seekerId: string,
  events: Array<{ type: string; data: Record<string, unknown> }>,
): Reservation {
  const requested = {
    type: 'ReservationRequested',
    data: {
      reservationId: id,
      officeCode: '16070',
      seekerId,
      desiredSlots: [SLOT, LATER],
      topic: '応募書類の書き方（滑川）',
      onlineReason: '子育て中のため',
      ...readySeeker(),
      checklistVersion: '1',
      attendee: { name: '滑川 太郎', email: 'taro@example.jp' },
      mayNeedCounter: false,
      language: 'ja',
      requestedAt: '2026-11-25T01:00:00.000Z',
      answerDueBy: '2026-11-30T14:59:59.999Z',
    },
  };
  const state = [requested, ...events].reduce((s, e) => evolve(s, e as unknown as ReservationEvent), initialState());
  if (state.status === 'none') throw new Error('no reservation');
  return state;
}

/** A model with something in every part, folded with the domain's own evolve functions. */
function sampleModel(): SchedulingModel {
  const model = emptySchedulingModel();
  const confirmed = reservation('r-2', 'seeker-b', [
    {
      type: 'ReservationOffered',
      data: {
        reservationId: 'r-2',
        seekerId: 'seeker-b',
        slots: [{ start: SLOT, deadline: '2026-12-01T14:59:59.999Z' }],
        termsVersion: 'v1',
        offeredBy: 'staff:sato',
        offeredAt: '2026-11-25T02:00:00.000Z',
      },
    },
    {
      type: 'ReservationConfirmed',
      data: {
        reservationId: 'r-2',
        seekerId: 'seeker-b',
        slot: SLOT,
        end: '2026-12-02T10:30:00+09:00',
        termsVersion: 'v1',
        channel: 'web',
        consentAt: '2026-11-25T03:00:00.000Z',
        meetingUrl: 'https://soudan.example.jp/join/tok-2',
        joinToken: 'tok-2',
        roomUrl: 'https://meet.example/room/2',
      },
    },
  ]);
  // Insertion order on purpose not sorted: the encoding must keep it.
  model.reservations.set('r-2', confirmed);
  model.reservations.set('r-1', reservation('r-1', 'seeker-a', []));
  model.reservations.set('r-3', reservation('r-3', 'seeker-b', []));
  model.bySeeker.set('seeker-b', new Set(['r-3', 'r-2']));
  model.bySeeker.set('seeker-a', new Set(['r-1']));
  model.byJoinToken.set('tok-old', 'r-2');
  model.byJoinToken.set('tok-2', 'r-2');
  let slot = slotDecider.initialState();
  slot = slotDecider.evolve(slot, {
    type: 'SlotHeld',
    data: { slot: SLOT, reservationId: 'r-2', until: '2026-12-01T14:59:59.999Z', at: '2026-11-25T02:00:00.000Z' },
  });
  slot = slotDecider.evolve(slot, {
    type: 'SlotHeld',
    data: { slot: SLOT, reservationId: 'r-9', until: '2026-12-01T14:59:59.999Z', at: '2026-11-25T02:00:00.000Z' },
  });
  slot = slotDecider.evolve(slot, {
    type: 'SlotBooked',
    data: { slot: SLOT, reservationId: 'r-2', at: '2026-11-25T03:00:00.000Z' },
  });
  model.slots.set(`16070|${SLOT}`, slot);
  model.slots.set(`16070|${LATER}`, slotDecider.initialState());
  model.slots.set(`13010|${SLOT}`, slotDecider.initialState());
  let capacity = capacityDecider.evolve(capacityDecider.initialState(), {
    type: 'CapacitySet',
    data: {
      scope: { weekday: 3 },
      slots: { '10:00': 2, '14:00': 0 },
      by: 'staff:sato',
      at: '2026-11-20T00:00:00.000Z',
    },
  });
  capacity = capacityDecider.evolve(capacity, {
    type: 'CapacitySet',
    data: { scope: { date: '2026-12-29' }, slots: { '10:00': 0 }, by: 'staff:sato', at: '2026-11-20T00:00:00.000Z' },
  });
  model.capacities.set('16070', capacity);
  model.capacities.set('13010', capacityDecider.initialState());
  model.offices.set('16070', NAMERIKAWA);
  model.offices.set('13010', { ...NAMERIKAWA, code: '13010', name: 'ハローワーク飯田橋' });
  const terms = termsDecider.evolve(termsDecider.initialState(), {
    type: 'TermsPublished',
    data: {
      version: '2026-04-01',
      effectiveFrom: '2026-03-31T15:00:00.000Z',
      body: '# オンライン職業相談等利用規約',
      changeSummary: '制定',
      by: 'staff:admin',
      publishedAt: '2026-03-01T00:00:00.000Z',
    },
  });
  model.terms.set('16070', terms);
  return model;
}

/** What a snapshot goes through: JSON text in the store and out again. */
const throughJson = (model: SchedulingModel): unknown => JSON.parse(JSON.stringify(encodeSchedulingModel(model)));

describe('scheduling read-model snapshot encoding', () => {
  it('restores a model equal to the one saved, Maps, Sets and Japanese text included', () => {
    const model = sampleModel();
    const restored = decodeSchedulingModel(throughJson(model));
    expect(restored).toEqual(model);
    expect(restored.slots.get(`16070|${SLOT}`)!.holds).toBeInstanceOf(Map);
    expect(restored.slots.get(`16070|${SLOT}`)!.bookings).toBeInstanceOf(Set);
    expect(restored.bySeeker.get('seeker-b')).toBeInstanceOf(Set);
    expect(restored.capacities.get('16070')!.weekdays.get(3)).toEqual({ '10:00': 2, '14:00': 0 });
    expect(restored.offices.get('13010')!.name).toBe('ハローワーク飯田橋');
    expect(restored.reservations.get('r-2')!.topic).toBe('応募書類の書き方（滑川）');
  });

  it('keeps the iteration order of every Map and Set, so a restored model lists as the saved one', () => {
    const model = sampleModel();
    const restored = decodeSchedulingModel(throughJson(model));
    expect([...restored.reservations.keys()]).toEqual(['r-2', 'r-1', 'r-3']);
    expect([...restored.bySeeker.get('seeker-b')!]).toEqual(['r-3', 'r-2']);
    expect([...restored.byJoinToken.keys()]).toEqual(['tok-old', 'tok-2']);
    expect(encodeSchedulingModel(restored)).toEqual(encodeSchedulingModel(model));
  });

  it('encodes to plain JSON only: no Map, Set, bigint or undefined left for JSON to drop or refuse', () => {
    const offending: string[] = [];
    const walk = (value: unknown, where: string): void => {
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return;
      if (Array.isArray(value)) return value.forEach((item, i) => walk(item, `${where}[${i}]`));
      if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
        for (const [key, item] of Object.entries(value as object))
          if (item !== undefined) walk(item, `${where}.${key}`);
        return;
      }
      offending.push(`${where}: ${Object.prototype.toString.call(value)}`);
    };
    walk(encodeSchedulingModel(sampleModel()), 'state');
    expect(offending).toEqual([]);
  });

  it('round-trips the empty model', () => {
    expect(decodeSchedulingModel(throughJson(emptySchedulingModel()))).toEqual(emptySchedulingModel());
  });

  it('refuses states that are not a scheduling model, saying where', () => {
    const good = throughJson(sampleModel()) as Record<string, any>;
    const broken = (change: (state: Record<string, any>) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return () => decodeSchedulingModel(copy);
    };
    expect(() => decodeSchedulingModel(null)).toThrow(UnreadableSnapshotError);
    expect(() => decodeSchedulingModel('{"reservations":[]}')).toThrow(UnreadableSnapshotError);
    expect(broken((s) => delete s.slots)).toThrow(/slots is not an array/);
    expect(broken((s) => (s.reservations[1] = ['r-1']))).toThrow(/reservations\[1\] is not a \[key, value\] pair/);
    expect(broken((s) => delete s.reservations[0][1].seekerId)).toThrow(
      /reservations\[0\]\[1\]\.seekerId is not a string/,
    );
    expect(broken((s) => (s.bySeeker[0][1] = 'r-3'))).toThrow(/bySeeker\[0\]\[1\] is not an array/);
    expect(broken((s) => (s.slots[0][1].holds = { 'r-2': 'x' }))).toThrow(/slots\[0\]\[1\]\.holds is not an array/);
    expect(broken((s) => (s.capacities[0][1].weekdays[0][0] = 'Wed'))).toThrow(
      /capacities\[0\]\[1\]\.weekdays\[0\]\[0\] is not a whole number/,
    );
    expect(broken((s) => (s.terms = [['16070', { versions: [{ version: 1 }] }]]))).toThrow(
      /terms\[0\]\[1\]\.versions\[0\]\.version is not a string/,
    );
    expect(broken((s) => delete s.offices[0][1].hours)).toThrow(/offices\[0\]\[1\]\.hours is not an object/);
  });
});
