// Scheduling's read models as JSON for their snapshot, and back. Maps and Sets become
// arrays of entries in their iteration order, so a restored model iterates exactly as
// the one that was saved (and as a full fold of the history would). Decoding checks
// the shape and throws on anything else: the projection then folds the history instead.
import type { OfficeSettings } from '@soudan/offices';
import { type CapacityState, type Reservation, type SlotState, type TermsState } from '@soudan/scheduling-domain';

/** Name of the snapshot in scheduling's store. */
export const SCHEDULING_SNAPSHOT = 'scheduling-read-models';

/**
 * The model's version. Bump it whenever what a snapshot holds would differ from a fold
 * of the same history with the new code: a change to an evolve function (reservation,
 * slot, capacity, terms), to SchedulingProjection.apply, or to this encoding. Snapshots
 * of another version are ignored and the history is folded from the start.
 */
// 2: reservations as a union by status, with the consent a booking rests on.
// 3: every office its own slots (keyed office|start), capacity and terms, and the registry's settings (R70).
// 4: saved in parts of at most SCHEDULING_SNAPSHOT_PART_ITEMS entries (listsInParts); a
//    reservation's requestFingerprint is a SHA-256 digest, not the request's canonical JSON.
export const SCHEDULING_MODEL_VERSION = 'scheduling-4';

/**
 * Entries per snapshot part. A reservation's entry is 1-3 KB of JSON, so a part is a
 * few MB: a national model (hundreds of thousands of reservations, more JSON than one
 * V8 string holds) is a few hundred parts, and no single text of it is ever made.
 */
export const SCHEDULING_SNAPSHOT_PART_ITEMS = 2_000;

export interface SchedulingModel {
  reservations: Map<string, Reservation>;
  bySeeker: Map<string, Set<string>>;
  byJoinToken: Map<string, string>;
  /** Keyed by slotKey(office, start). */
  slots: Map<string, SlotState>;
  /** By office code. */
  capacities: Map<string, CapacityState>;
  /** By office code. */
  terms: Map<string, TermsState>;
  /** R70: the registry's settings by office code. */
  offices: Map<string, OfficeSettings>;
}

type EncodedCapacity = {
  weekdays: Array<[number, Record<string, number>]>;
  dates: Array<[string, Record<string, number>]>;
};

export interface EncodedSchedulingModel {
  reservations: Array<[string, Reservation]>;
  bySeeker: Array<[string, string[]]>;
  byJoinToken: Array<[string, string]>;
  slots: Array<[string, { holds: Array<[string, string]>; bookings: string[] }]>;
  capacities: Array<[string, EncodedCapacity]>;
  terms: Array<[string, TermsState]>;
  offices: Array<[string, OfficeSettings]>;
}

export const emptySchedulingModel = (): SchedulingModel => ({
  reservations: new Map(),
  bySeeker: new Map(),
  byJoinToken: new Map(),
  slots: new Map(),
  capacities: new Map(),
  terms: new Map(),
  offices: new Map(),
});

/**
 * The model as plain JSON. The reservation and term objects are shared, not copied:
 * evolve never changes a state in place, it makes a new one, so they cannot change
 * under a snapshot being written.
 */
export function encodeSchedulingModel(model: SchedulingModel): EncodedSchedulingModel {
  return {
    reservations: [...model.reservations],
    bySeeker: Array.from(model.bySeeker, ([seekerId, ids]) => [seekerId, [...ids]]),
    byJoinToken: [...model.byJoinToken],
    slots: Array.from(model.slots, ([slot, state]) => [
      slot,
      { holds: [...state.holds], bookings: [...state.bookings] },
    ]),
    capacities: Array.from(model.capacities, ([office, c]) => [
      office,
      { weekdays: [...c.weekdays], dates: [...c.dates] },
    ]),
    terms: Array.from(model.terms, ([office, t]) => [office, { versions: [...t.versions] }]),
    offices: [...model.offices],
  };
}

export class UnreadableSnapshotError extends Error {
  constructor(where: string, expected: string) {
    super(`scheduling snapshot: ${where} is not ${expected}`);
    this.name = 'UnreadableSnapshotError';
  }
}

type Check<T> = (value: unknown, where: string) => T;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const string: Check<string> = (value, where) => {
  if (typeof value !== 'string') throw new UnreadableSnapshotError(where, 'a string');
  return value;
};

const integer: Check<number> = (value, where) => {
  if (!Number.isSafeInteger(value)) throw new UnreadableSnapshotError(where, 'a whole number');
  return value as number;
};

const array =
  <T>(item: Check<T>): Check<T[]> =>
  (value, where) => {
    if (!Array.isArray(value)) throw new UnreadableSnapshotError(where, 'an array');
    return value.map((v, i) => item(v, `${where}[${i}]`));
  };

const entries =
  <K, V>(key: Check<K>, val: Check<V>): Check<Array<[K, V]>> =>
  (value, where) =>
    array((entry, at): [K, V] => {
      if (!Array.isArray(entry) || entry.length !== 2) throw new UnreadableSnapshotError(at, 'a [key, value] pair');
      return [key(entry[0], `${at}[0]`), val(entry[1], `${at}[1]`)];
    })(value, where);

const countsBySlot: Check<Record<string, number>> = (value, where) => {
  if (!isRecord(value)) throw new UnreadableSnapshotError(where, 'an object');
  for (const [time, count] of Object.entries(value)) integer(count, `${where}.${time}`);
  return value as Record<string, number>;
};

const reservation: Check<Reservation> = (value, where) => {
  if (!isRecord(value)) throw new UnreadableSnapshotError(where, 'an object');
  for (const key of ['status', 'reservationId', 'seekerId', 'officeCode', 'requestedAt'])
    string(value[key], `${where}.${key}`);
  for (const key of ['desiredSlots', 'offered', 'history'])
    if (!Array.isArray(value[key])) throw new UnreadableSnapshotError(`${where}.${key}`, 'an array');
  return value as unknown as Reservation;
};

const slotState: Check<SlotState> = (value, where) => {
  if (!isRecord(value)) throw new UnreadableSnapshotError(where, 'an object');
  return {
    holds: new Map(entries(string, string)(value.holds, `${where}.holds`)),
    bookings: new Set(array(string)(value.bookings, `${where}.bookings`)),
  };
};

const terms: Check<TermsState> = (value, where) => {
  if (!isRecord(value)) throw new UnreadableSnapshotError(where, 'an object');
  const versions = array((v, at) => {
    if (!isRecord(v)) throw new UnreadableSnapshotError(at, 'an object');
    for (const key of ['version', 'effectiveFrom', 'body', 'changeSummary']) string(v[key], `${at}.${key}`);
    return v as unknown as TermsState['versions'][number];
  })(value.versions, `${where}.versions`);
  return { versions };
};

/** The model a snapshot's state holds; UnreadableSnapshotError when it is not one. */
export function decodeSchedulingModel(state: unknown): SchedulingModel {
  if (!isRecord(state)) throw new UnreadableSnapshotError('the state', 'an object');
  const capacity: Check<CapacityState> = (value, where) => {
    if (!isRecord(value)) throw new UnreadableSnapshotError(where, 'an object');
    return {
      weekdays: new Map(entries(integer, countsBySlot)(value.weekdays, `${where}.weekdays`)),
      dates: new Map(entries(string, countsBySlot)(value.dates, `${where}.dates`)),
    };
  };
  const office: Check<OfficeSettings> = (value, where) => {
    if (!isRecord(value)) throw new UnreadableSnapshotError(where, 'an object');
    string(value.code, `${where}.code`);
    if (!isRecord(value.hours)) throw new UnreadableSnapshotError(`${where}.hours`, 'an object');
    return value as unknown as OfficeSettings;
  };
  return {
    reservations: new Map(entries(string, reservation)(state.reservations, 'reservations')),
    bySeeker: new Map(entries(string, (ids, at) => new Set(array(string)(ids, at)))(state.bySeeker, 'bySeeker')),
    byJoinToken: new Map(entries(string, string)(state.byJoinToken, 'byJoinToken')),
    slots: new Map(entries(string, slotState)(state.slots, 'slots')),
    capacities: new Map(entries(string, capacity)(state.capacities, 'capacities')),
    terms: new Map(entries(string, terms)(state.terms, 'terms')),
    offices: new Map(entries(string, office)(state.offices, 'offices')),
  };
}
