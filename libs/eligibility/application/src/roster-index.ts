// The roster as staff search it (the seekers screen): who is on it, at which office, with
// their standing. A read model over this service's own store, caught up on every query and
// resumed from its snapshot (PulledReadModel). It keeps the roster's personal data only
// as the sealed text the events carry; names and numbers are opened per search with the
// seekers' keys, so an erased seeker (key destroyed) is gone from it and nothing readable
// is ever in a snapshot.
import { PulledReadModel, type EventStore, type PulledReadModelOptions, type RecordedEvent } from '@soudan/event-store';
import type {
  NoShowCountedV1,
  RosterSearchResult,
  RosterSeeker,
  SeekerRegisteredV1,
  SeekerStatus,
  SeekerSuspendedV1,
  SeekerUpdatedV1,
} from '@soudan/eligibility-contracts';
import type { RosterPersonalData } from './roster.handler';
import { SEEKER_STREAM_PREFIX } from './seeker-identity';
import type { Seekers } from './seekers';

export const ROSTER_INDEX_SNAPSHOT = 'eligibility-roster-index';
/** Bump whenever `apply` or the encoding changes: older snapshots are then ignored. */
export const ROSTER_INDEX_MODEL_VERSION = 'roster-index-1';

/** One seeker as the index keeps them: no plain personal data. */
export interface RosterIndexEntry {
  seekerId: string;
  officeCode: string;
  status: SeekerStatus;
  /** Sealed `{ jobSeekerNumber, name, email }`, as the roster events carry it. */
  personalData: string;
  /** When a running suspension ends (R42); absent when none. */
  suspendedUntil?: string;
  /** No-shows within the review window, as last counted (R19). */
  noShows: number;
  /** A no-show or termination review is open (R19, R21). */
  review: boolean;
}

/** At most this many seekers are answered; the search says when there were more. */
export const MAX_ROSTER_RESULTS = 100;

export class RosterIndex extends PulledReadModel<Map<string, RosterIndexEntry>> {
  private readonly entries = new Map<string, RosterIndexEntry>();

  constructor(
    store: EventStore,
    private readonly seekers: Seekers,
    options: PulledReadModelOptions = {},
  ) {
    super(store, { name: ROSTER_INDEX_SNAPSHOT, version: ROSTER_INDEX_MODEL_VERSION }, options);
  }

  /**
   * R72: the seekers of `offices` ('*': every office) whose number or name holds `query`
   * (spaces, width and case ignored; all of them when it is empty), by number. A seeker
   * counts as the office their number begins with (R71), as every staff route does.
   */
  async search(request: { offices: readonly string[]; query?: string; limit?: number }): Promise<RosterSearchResult> {
    await this.catchUp();
    const everywhere = request.offices.includes('*');
    const ours = (office: string) => everywhere || request.offices.includes(office);
    const limit = Math.min(Math.max(1, request.limit ?? MAX_ROSTER_RESULTS), MAX_ROSTER_RESULTS);
    const wanted = folded(request.query ?? '');
    // The roster's own office narrows the candidates before anything is opened.
    const candidates = [...this.entries.values()].filter((entry) => ours(entry.officeCode));
    const keys = await this.seekers.vault.dataKeys(
      candidates.map((entry) => entry.seekerId),
      false,
    );
    const found: RosterSeeker[] = [];
    const now = this.seekers.now();
    for (const entry of candidates) {
      const key = keys.get(entry.seekerId);
      if (!key) continue; // erased: the key is gone
      const data = this.seekers.vault.open<RosterPersonalData>(entry.seekerId, key, 'roster', entry.personalData);
      if (!data || !ours(data.jobSeekerNumber.slice(0, 5))) continue;
      if (wanted && !folded(data.jobSeekerNumber).includes(wanted) && !folded(data.name).includes(wanted)) continue;
      found.push({
        jobSeekerNumber: data.jobSeekerNumber,
        name: data.name,
        officeCode: entry.officeCode,
        status: entry.status,
        // A suspension ends by itself at its end (R42).
        ...(entry.suspendedUntil && entry.suspendedUntil > now ? { suspendedUntil: entry.suspendedUntil } : {}),
        noShows: entry.noShows,
        review: entry.review,
      });
    }
    found.sort((a, b) => a.jobSeekerNumber.localeCompare(b.jobSeekerNumber));
    return { seekers: found.slice(0, limit), total: found.length, truncated: found.length > limit };
  }

  protected encode(): unknown {
    return Array.from(this.entries.values(), (entry) => ({ ...entry }));
  }

  protected decode(state: unknown): Map<string, RosterIndexEntry> {
    return decodeRosterIndex(state);
  }

  protected restore(model: Map<string, RosterIndexEntry>): void {
    for (const [seekerId, entry] of model) this.entries.set(seekerId, entry);
  }

  protected apply(event: RecordedEvent): void {
    if (!event.streamId.startsWith(SEEKER_STREAM_PREFIX)) return;
    const seekerId = event.streamId.slice(SEEKER_STREAM_PREFIX.length);
    applyToRoster(this.entries, seekerId, event.type, event.data);
  }
}

/** One event into the index (pure, so the rules of the fold are tested without a store). */
export function applyToRoster(
  entries: Map<string, RosterIndexEntry>,
  seekerId: string,
  type: string,
  data: unknown,
): void {
  const entry = entries.get(seekerId);
  switch (type) {
    case 'SeekerRegistered': {
      const d = data as SeekerRegisteredV1;
      entries.set(seekerId, {
        seekerId,
        officeCode: d.officeCode,
        status: d.status,
        personalData: d.personalData,
        noShows: entry?.noShows ?? 0,
        review: entry?.review ?? false,
        ...(entry?.suspendedUntil ? { suspendedUntil: entry.suspendedUntil } : {}),
      });
      return;
    }
    case 'SeekerUpdated': {
      const d = data as SeekerUpdatedV1;
      if (!entry) return;
      if (d.officeCode) entry.officeCode = d.officeCode;
      if (d.status) entry.status = d.status;
      if (d.personalData) entry.personalData = d.personalData;
      return;
    }
    case 'NoShowCounted':
      if (entry) entry.noShows = (data as NoShowCountedV1).noShowsInWindow;
      return;
    case 'NoShowReviewRequested':
      if (entry) entry.review = true;
      return;
    case 'NoShowReviewDismissed':
      if (entry) entry.review = false;
      return;
    case 'SeekerSuspended':
      if (entry) {
        entry.suspendedUntil = (data as SeekerSuspendedV1).endsAt;
        entry.review = false;
      }
      return;
    case 'SuspensionLifted':
      if (entry) delete entry.suspendedUntil;
      return;
    case 'SeekerErased':
      entries.delete(seekerId);
      return;
  }
}

/** Lower case, half width, without spaces: how a typed search and a stored name are compared. */
export function folded(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** The index a snapshot's state holds; an Error naming what is wrong when it holds something else. */
export function decodeRosterIndex(state: unknown): Map<string, RosterIndexEntry> {
  if (!Array.isArray(state)) throw new Error('roster index snapshot: the state is not an array');
  return new Map(
    state.map((raw, i): [string, RosterIndexEntry] => {
      const where = `roster index snapshot: entry ${i}`;
      const entry = raw as Record<string, unknown> | null;
      if (typeof entry !== 'object' || entry === null) throw new Error(`${where} is not an object`);
      for (const key of ['seekerId', 'officeCode', 'status', 'personalData'])
        if (typeof entry[key] !== 'string') throw new Error(`${where}: ${key} is not a string`);
      if (!Number.isSafeInteger(entry.noShows)) throw new Error(`${where}: noShows is not a whole number`);
      if (typeof entry.review !== 'boolean') throw new Error(`${where}: review is not true or false`);
      if (entry.suspendedUntil !== undefined && typeof entry.suspendedUntil !== 'string')
        throw new Error(`${where}: suspendedUntil is not a string`);
      return [entry.seekerId as string, entry as unknown as RosterIndexEntry];
    }),
  );
}
