// R52 (Art. 7(2)): raw device identification data leaves the record only by a
// disclosure: a public authority's request with its legal basis and scope, approved by a
// second authorized officer, and itself recorded, every step of it. Emmett's shape:
// events, state, evolve, commands, decide; time arrives on metadata.now.
import type {
  DisclosureApprovedV1,
  DisclosureRecordsRevealedV1,
  DisclosureRequestedV1,
  DisclosureScope,
  DisclosureStatus,
} from '@soudan/audit-contracts';
import { jstDateOfMs } from '@soudan/time';
import { DomainError } from './domain-error';

export type DisclosureEvent =
  | { type: 'DisclosureRequested'; data: DisclosureRequestedV1 }
  | { type: 'DisclosureApproved'; data: DisclosureApprovedV1 }
  | { type: 'DisclosureRecordsRevealed'; data: DisclosureRecordsRevealedV1 };

export type DisclosureState =
  | { status: 'none' }
  | { status: DisclosureStatus; request: DisclosureRequestedV1; approval?: DisclosureApprovedV1; revealed: number };

export const initialDisclosureState = (): DisclosureState => ({ status: 'none' });

export function evolveDisclosure(state: DisclosureState, event: DisclosureEvent): DisclosureState {
  switch (event.type) {
    case 'DisclosureRequested':
      return { status: 'requested', request: event.data, revealed: 0 };
    case 'DisclosureApproved':
      return state.status === 'none' ? state : { ...state, status: 'approved', approval: event.data };
    case 'DisclosureRecordsRevealed':
      return state.status === 'none' ? state : { ...state, revealed: state.revealed + event.data.count };
    default:
      return state;
  }
}

type Meta = { metadata: { now: string } };

export type RequestDisclosure = Meta & {
  type: 'RequestDisclosure';
  data: { disclosureId: string; authority: string; legalBasis: string; scope: DisclosureScope; requestedBy: string };
};
export type ApproveDisclosure = Meta & { type: 'ApproveDisclosure'; data: { approvedBy: string } };
export type RecordReveal = Meta & {
  type: 'RecordReveal';
  data: { revealedTo: string; firstPosition: string | null; lastPosition: string | null; count: number };
};
export type DisclosureCommand = RequestDisclosure | ApproveDisclosure | RecordReveal;

export const AUTHORITY_MAX_LENGTH = 200;
export const LEGAL_BASIS_MAX_LENGTH = 500;
// Stryker disable next-line Regex: without $ nothing changes (the round trip below gives back the whole value); ^ is tested
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isCalendarDate = (value: unknown): value is string =>
  typeof value === 'string' &&
  DATE.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** The first problem per field, worded for details.fields. */
export function scopeProblems(scope: { from?: unknown; to?: unknown }, now: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const today = jstDateOfMs(Date.parse(now));
  if (!isCalendarDate(scope.from)) fields['scope.from'] = ['a date YYYY-MM-DD (Japan time)'];
  if (!isCalendarDate(scope.to)) fields['scope.to'] = ['a date YYYY-MM-DD (Japan time)'];
  if (fields['scope.from'] || fields['scope.to']) return fields;
  if ((scope.from as string) > (scope.to as string)) fields['scope.to'] = ['must not be before scope.from'];
  else if ((scope.to as string) > today)
    fields['scope.to'] = [`must not be after today (${today}): a disclosure covers what was recorded`];
  return fields;
}

function text(value: string, field: string, max: number, fields: Record<string, string[]>): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (!trimmed || trimmed.length > max) fields[field] = [`required, at most ${max} characters`];
  return trimmed;
}

const notFound = () => new DomainError('DISCLOSURE_NOT_FOUND', 'no such disclosure');

export function decideDisclosure(command: DisclosureCommand, state: DisclosureState): DisclosureEvent[] {
  const now = command.metadata.now;
  switch (command.type) {
    case 'RequestDisclosure': {
      const d = command.data;
      if (state.status !== 'none')
        throw new DomainError('INVALID_STATE', 'this disclosure was already requested', { status: state.status });
      const fields: Record<string, string[]> = {};
      const authority = text(d.authority, 'authority', AUTHORITY_MAX_LENGTH, fields);
      const legalBasis = text(d.legalBasis, 'legalBasis', LEGAL_BASIS_MAX_LENGTH, fields);
      Object.assign(fields, scopeProblems(d.scope, now));
      if (Object.keys(fields).length > 0)
        throw new DomainError(
          'VALIDATION_FAILED',
          'the disclosure request is incomplete or its scope is not a period',
          { fields },
        );
      const scope: DisclosureScope = {
        ...(d.scope.seekerId ? { seekerId: d.scope.seekerId } : {}),
        from: d.scope.from,
        to: d.scope.to,
        ...(d.scope.office ? { office: d.scope.office } : {}),
      };
      return [
        {
          type: 'DisclosureRequested',
          data: {
            disclosureId: d.disclosureId,
            authority,
            legalBasis,
            scope,
            requestedBy: d.requestedBy,
            requestedAt: now,
          },
        },
      ];
    }
    case 'ApproveDisclosure': {
      if (state.status === 'none') throw notFound();
      if (state.status === 'approved') {
        throw new DomainError('DISCLOSURE_ALREADY_APPROVED', 'this disclosure is already approved', {
          // Stryker disable next-line OptionalChaining: an approved disclosure always has its approval (evolve)
          approvedBy: state.approval?.approvedBy,
          // Stryker disable next-line OptionalChaining: as above
          approvedAt: state.approval?.approvedAt,
        });
      }
      // The second officer must be another person than the one who recorded the request.
      if (command.data.approvedBy === state.request.requestedBy) {
        throw new DomainError(
          'SAME_APPROVER',
          'a disclosure is approved by a second supervisor, not by the one who requested it',
          { requestedBy: state.request.requestedBy },
        );
      }
      return [
        {
          type: 'DisclosureApproved',
          data: { disclosureId: state.request.disclosureId, approvedBy: command.data.approvedBy, approvedAt: now },
        },
      ];
    }
    case 'RecordReveal': {
      if (state.status === 'none') throw notFound();
      if (state.status !== 'approved')
        throw new DomainError(
          'DISCLOSURE_NOT_APPROVED',
          'raw device data is shown only once a second supervisor approved the disclosure',
        );
      const { revealedTo, firstPosition, lastPosition, count } = command.data;
      return [
        {
          type: 'DisclosureRecordsRevealed',
          data: {
            disclosureId: state.request.disclosureId,
            revealedTo,
            firstPosition,
            lastPosition,
            count,
            revealedAt: now,
          },
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

export const disclosureDecider = {
  initialState: initialDisclosureState,
  evolve: evolveDisclosure,
  decide: decideDisclosure,
};

/** The period of a scope as instants: from the first day's 00:00 to the day after the last, Japan time. */
export function scopePeriod(scope: Pick<DisclosureScope, 'from' | 'to'>): { sinceMs: number; untilMs: number } {
  const sinceMs = Date.parse(`${scope.from}T00:00:00+09:00`);
  const untilMs = Date.parse(`${scope.to}T00:00:00+09:00`) + 24 * 60 * 60 * 1000;
  return { sinceMs, untilMs };
}
