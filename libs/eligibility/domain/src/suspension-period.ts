// R42: a suspension has a period. Staff give its last day (a Japan date); it ends at
// midnight Japan time after that day. An explicit instant with an offset is taken as is.

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The Japan calendar date of an instant (R1: business rules run in Asia/Tokyo, no DST). */
export function jstDate(instantMs: number): string {
  return new Date(instantMs + JST_OFFSET_MS).toISOString().slice(0, 10);
}

export interface SuspensionPeriod {
  /** Last day of the suspension, JST `YYYY-MM-DD`. */
  until: string;
  /** The instant it ends, UTC ISO-8601. */
  endsAt: string;
}

export function suspensionPeriod(until: string): SuspensionPeriod | undefined {
  if (typeof until !== 'string') return undefined;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(until.trim());
  if (date) {
    const [y, m, d] = date.slice(1).map(Number);
    const midnightUtc = Date.UTC(y, m - 1, d);
    // Date.UTC rolls 2027-02-30 over into March, day 00 back into the previous month and
    // month 13 into the next year: such a date does not exist. A day that rolls over always
    // lands in another month, so the month alone tells.
    if (new Date(midnightUtc).getUTCMonth() !== m - 1) return undefined;
    return { until: until.trim(), endsAt: new Date(midnightUtc + DAY_MS - JST_OFFSET_MS).toISOString() };
  }
  // An instant is taken exactly as given: Date.parse refuses one with spaces around it.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(until)) return undefined;
  const endsAt = Date.parse(until);
  if (Number.isNaN(endsAt)) return undefined;
  return { until: jstDate(endsAt - 1), endsAt: new Date(endsAt).toISOString() };
}
