// R54: free text about a seeker travels sealed: what the seeker wrote in their own words
// (topic, why online, the attendee note) and what staff wrote about them (a rejection's,
// cancellation's or termination's reason, a phone note, the reason a follow-up overrode
// the lead time). The domain decides on it in clear (R23 reads the topic) and says which
// fields of which event it is; the application seals and opens it with the seeker's key.
// An event whose key was destroyed reads with the text gone: the reservation, its slots
// and its history stay whole.
import type { ReservationEvent } from './reservation';

/** The sealed document: the fields one event carries (older documents hold only the first three). */
export interface PersonalText {
  topic?: string;
  onlineReason?: string;
  attendeeNote?: string;
  reason?: string;
  note?: string;
  overrideReason?: string;
}

type CarrierType =
  | 'ReservationRequested'
  | 'FollowUpReservationCreated'
  | 'ReservationRejected'
  | 'ReservationCancelled'
  | 'SessionTerminated'
  | 'FollowUpBooked';
type Carrier = Extract<ReservationEvent, { type: CarrierType }>;

/** The top-level text fields each carrier seals (the attendee's note is handled apart, it is nested). */
const SEALED_FIELDS: Record<
  CarrierType,
  ReadonlyArray<'topic' | 'onlineReason' | 'reason' | 'note' | 'overrideReason'>
> = {
  ReservationRequested: ['topic', 'onlineReason'],
  FollowUpReservationCreated: ['topic', 'overrideReason'],
  ReservationRejected: ['reason'],
  ReservationCancelled: ['reason', 'note'],
  SessionTerminated: ['reason'],
  FollowUpBooked: ['overrideReason'],
};

/** Fields that always have a value in clear (an opened event whose key is gone shows ''). */
const ALWAYS_PRESENT: Partial<Record<CarrierType, ReadonlyArray<string>>> = {
  ReservationRequested: ['topic', 'onlineReason'],
  FollowUpReservationCreated: ['topic'],
  ReservationRejected: ['reason'],
  SessionTerminated: ['reason'],
};

export const carriesPersonalText = (event: ReservationEvent): event is Carrier => event.type in SEALED_FIELDS;

type Fields = Record<string, unknown>;

/** The clear text of an event about to be stored, or undefined when it has none in clear. */
export function personalTextOf(event: ReservationEvent): PersonalText | undefined {
  if (!carriesPersonalText(event)) return undefined;
  const data = event.data as unknown as Fields;
  const text: Record<string, string> = {};
  for (const field of SEALED_FIELDS[event.type]) if (typeof data[field] === 'string') text[field] = data[field];
  if (event.type === 'ReservationRequested') {
    // Older clients may leave the words out; the sealed document always names the topic.
    if (data.topic === undefined) return undefined;
    text.topic ??= '';
    const note = event.data.attendee?.note;
    if (note !== undefined) text.attendeeNote = note;
  }
  return Object.keys(text).length > 0 ? text : undefined;
}

/** The event as stored: the clear fields replaced by the sealed document. */
export function sealedEvent(event: Carrier, personal: string): Carrier {
  const data: Fields = { ...(event.data as unknown as Fields) };
  for (const field of SEALED_FIELDS[event.type]) delete data[field];
  // Stryker disable next-line ConditionalExpression: only a request carries an attendee, so the type check is implied
  if (event.type === 'ReservationRequested' && event.data.attendee) data.attendee = { kind: event.data.attendee.kind };
  return { type: event.type, data: { ...data, personal } } as unknown as Carrier;
}

/** The event as read: the text put back where the key still opens it, else left out ('' where always present). */
export function openedEvent(event: Carrier, text: PersonalText | undefined): Carrier {
  const data: Fields = { ...(event.data as unknown as Fields) };
  const opened = (text ?? {}) as Record<string, string | undefined>;
  // Stryker disable next-line ArrayDeclaration: no event has a field of the name a placeholder element would add
  const always = ALWAYS_PRESENT[event.type] ?? [];
  for (const field of SEALED_FIELDS[event.type]) {
    const value = opened[field];
    if (value !== undefined) data[field] = value;
    else if (always.includes(field)) data[field] = '';
  }
  // Stryker disable next-line ConditionalExpression: only a request carries an attendee, so the type check is implied
  if (event.type === 'ReservationRequested' && event.data.attendee)
    data.attendee = { kind: event.data.attendee.kind, note: text?.attendeeNote ?? '' };
  return { type: event.type, data } as unknown as Carrier;
}
