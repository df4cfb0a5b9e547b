// decide (emmett's shape): pure; time arrives on metadata.now, the calendar and anything
// random (meeting tokens) arrive as data.
import type { OfferedSlot } from '@soudan/scheduling-contracts';
import { TERMINAL_STATUSES } from '@soudan/scheduling-contracts';
import type { BusinessCalendar } from '@soudan/time';
import { DomainError } from './domain-error';
import {
  evolve,
  initialState,
  isBooked,
  type Reservation,
  type ReservationEvent,
  type ReservationState,
  type ReservationStatusOf,
} from './reservation';
import type { ReservationCommand } from './reservation.commands';
import {
  answerDueBy,
  checkSlot,
  confirmationDeadline,
  ENVIRONMENT_CHECKLIST_VERSION,
  isSameDay,
  joinWindow,
  mayNeedCounter,
  noShowAt,
  reminderAt,
  toUtcIso,
} from './rules';

export const MAX_DESIRED_SLOTS = 3;
export const MAX_OFFERED_SLOTS = 3;

const invalidState = (state: ReservationState, command: string): DomainError =>
  state.status === 'none'
    ? new DomainError('RESERVATION_NOT_FOUND', 'no such reservation', {})
    : new DomainError(
        state.status === 'cancelled' ? 'ALREADY_CANCELLED' : 'INVALID_STATE',
        `cannot ${command} a reservation that is ${state.status}`,
        {
          status: state.status,
        },
      );

function existing<S extends Reservation['status']>(
  state: ReservationState,
  command: string,
  allowed: readonly S[],
): ReservationStatusOf<S> {
  // No command allows 'none': the includes test refuses it too (invalidState names it).
  if (!(allowed as readonly string[]).includes(state.status)) throw invalidState(state, command);
  return state as ReservationStatusOf<S>;
}

/** The reservation number on every event that may reach a person (mails show it). */
const numbered = (r: { number?: string }) => (r.number ? { number: r.number } : {});

const plusMinutes = (instant: string, minutes: number) =>
  new Date(new Date(instant).getTime() + minutes * 60_000).toISOString();

/** The decider, given the office calendar. */
export function reservationDecider(calendar: BusinessCalendar) {
  function decide(command: ReservationCommand, state: ReservationState): ReservationEvent[] {
    const now = command.metadata.now;
    switch (command.type) {
      case 'RequestReservation': {
        if (state.status !== 'none')
          throw new DomainError('INVALID_STATE', 'this reservation has already been requested', {
            status: state.status,
          });
        const d = command.data;
        // R10: one to three desired slots; the same slot twice is a mistake worth telling.
        if (d.desiredSlots.length < 1 || d.desiredSlots.length > MAX_DESIRED_SLOTS) {
          throw new DomainError('VALIDATION_FAILED', 'choose one to three desired slots', {
            fields: { desiredSlots: ['1〜3件の希望日時を選んでください'] },
          });
        }
        for (const slot of d.desiredSlots) checkSlot(calendar, slot, now, { leadTime: true });
        const slots = d.desiredSlots.map(toUtcIso);
        if (new Set(slots).size !== slots.length)
          throw new DomainError('DESIRED_SLOTS_DUPLICATED', 'the desired slots contain the same slot twice', {
            desiredSlots: d.desiredSlots,
          });
        return [
          {
            type: 'ReservationRequested',
            data: {
              reservationId: d.reservationId,
              ...(d.number ? { number: d.number } : {}),
              officeCode: d.officeCode,
              seekerId: d.seekerId,
              desiredSlots: [...slots].sort(),
              topic: d.topic,
              onlineReason: d.onlineReason,
              devices: d.devices,
              environment: d.environment,
              checklistVersion: ENVIRONMENT_CHECKLIST_VERSION,
              ...(d.attendee ? { attendee: d.attendee } : {}),
              mayNeedCounter: mayNeedCounter(d.topic),
              ...(d.idempotencyKey ? { idempotencyKey: d.idempotencyKey } : {}),
              language: d.language,
              requestedAt: now,
              answerDueBy: answerDueBy(calendar, now),
            },
          },
        ];
      }
      case 'OfferSlots': {
        const r = existing(state, 'offer slots for', ['requested']);
        const { slots, termsVersion, by } = command.data;
        if (slots.length < 1 || slots.length > MAX_OFFERED_SLOTS) {
          throw new DomainError('VALIDATION_FAILED', 'offer one to three slots', { fields: { slots: ['1〜3件'] } });
        }
        // R12: an offer must still be choosable: R6's deadline for each slot lies ahead.
        for (const slot of slots) {
          // Stryker disable next-line ObjectLiteral: {} leaves leadTime undefined, which checkSlot reads as false
          checkSlot(calendar, slot, now, { leadTime: false });
          if (confirmationDeadline(slot) <= now)
            throw new DomainError('CONFIRMATION_DEADLINE_PASSED', `${slot} can no longer be confirmed in time`, {
              slot,
            });
        }
        const utc = slots.map(toUtcIso);
        if (new Set(utc).size !== utc.length)
          throw new DomainError('VALIDATION_FAILED', 'the same slot is offered twice', { fields: { slots: ['重複'] } });
        const offered: OfferedSlot[] = [...utc]
          .sort()
          .map((start) => ({ start, deadline: confirmationDeadline(start) }));
        return [
          {
            type: 'ReservationOffered',
            data: {
              reservationId: r.reservationId,
              ...numbered(r),
              seekerId: r.seekerId,
              slots: offered,
              termsVersion,
              offeredBy: by,
              offeredAt: now,
            },
          },
        ];
      }
      case 'RejectRequest': {
        const r = existing(state, 'reject', ['requested']);
        return [
          {
            type: 'ReservationRejected',
            data: {
              reservationId: r.reservationId,
              ...numbered(r),
              seekerId: r.seekerId,
              reason: command.data.reason,
              by: command.data.by,
              rejectedAt: now,
            },
          },
        ];
      }
      case 'Consent': {
        const { slot, termsVersion, channel, meeting, slotMinutes } = command.data;
        // A retry of the consent that confirmed this very slot answers as it did.
        if (
          (state.status === 'confirmed' || state.status === 'invited') &&
          state.slot === toUtcIso(slot) &&
          state.consent?.termsVersion === termsVersion
        )
          return [];
        const r = existing(state, 'confirm', ['offered']);
        const chosen = r.offered.find((s) => s.start === toUtcIso(slot));
        // R13: only an offered slot, before its R6 deadline, accepting the offered terms.
        if (!chosen)
          throw new DomainError('SLOT_NOT_OFFERED', 'that slot was not offered', {
            slot,
            offered: r.offered.map((s) => s.start),
          });
        if (now > chosen.deadline)
          throw new DomainError('CONFIRMATION_DEADLINE_PASSED', 'the deadline to confirm this slot has passed', {
            slot,
            deadline: chosen.deadline,
          });
        if (termsVersion !== r.termsVersion) {
          throw new DomainError('TERMS_VERSION_MISMATCH', 'consent must name the terms version of the offer', {
            termsVersion,
            expected: r.termsVersion,
          });
        }
        const consent = { reservationId: r.reservationId, termsVersion, channel, at: now };
        return [
          {
            type: 'ConsentReceived',
            data: { seekerId: r.seekerId, slot: chosen.start, ...consent },
          },
          {
            type: 'ReservationConfirmed',
            data: {
              reservationId: r.reservationId,
              ...numbered(r),
              seekerId: r.seekerId,
              slot: chosen.start,
              end: plusMinutes(chosen.start, slotMinutes),
              termsVersion,
              channel,
              consentAt: now,
              consent,
              ...meeting,
            },
          },
        ];
      }
      case 'Lapse': {
        const r = existing(state, 'lapse', ['offered']);
        // R14: only once no offered slot can be chosen any more.
        if (r.offered.some((s) => s.deadline >= now))
          throw new DomainError('NOT_YET_DUE', 'an offered slot can still be chosen', {});
        return [
          {
            type: 'ReservationLapsed',
            data: { reservationId: r.reservationId, ...numbered(r), seekerId: r.seekerId, lapsedAt: now },
          },
        ];
      }
      case 'MarkOverdue': {
        const r = existing(state, 'flag', ['requested']);
        if (r.overdue) return [];
        if (!r.answerDueBy || now <= r.answerDueBy)
          throw new DomainError('NOT_YET_DUE', 'the answer is not overdue yet', { answerDueBy: r.answerDueBy });
        return [
          {
            type: 'AnswerOverdue',
            data: {
              reservationId: r.reservationId,
              ...numbered(r),
              seekerId: r.seekerId,
              answerDueBy: r.answerDueBy,
              flaggedAt: now,
            },
          },
        ];
      }
      case 'SendReminder': {
        const r = existing(state, 'remind', ['confirmed', 'invited']);
        if (r.reminded) return [];
        if (now < reminderAt(r.slot)) throw new DomainError('NOT_YET_DUE', 'the reminder is not due yet', {});
        if (now >= r.slot) return [];
        return [
          {
            type: 'ReminderDue',
            data: {
              reservationId: r.reservationId,
              ...numbered(r),
              seekerId: r.seekerId,
              slot: r.slot,
              meetingUrl: r.meetingUrl,
              at: now,
            },
          },
        ];
      }
      case 'MarkInvited': {
        // The invitation (URL and preparation guide, R15/R60) has gone out. Anything
        // that happened since (a join, a cancellation) already moved the reservation on.
        if (state.status !== 'confirmed') return [];
        return [
          {
            type: 'ReservationInvited',
            data: { reservationId: state.reservationId, seekerId: state.seekerId, invitedAt: now },
          },
        ];
      }
      case 'CancelBySeeker': {
        const r = existing(state, 'cancel', ['requested', 'offered', 'confirmed', 'invited']);
        // R17: online until the day before; on the day itself by phone only.
        const slot = isBooked(r) ? r.slot : null;
        if (slot && isSameDay(slot, now))
          throw new DomainError('SAME_DAY_PHONE_ONLY', 'on the day of the session, please cancel by phone', {
            slot,
          });
        return [
          {
            type: 'ReservationCancelled',
            data: {
              reservationId: r.reservationId,
              ...numbered(r),
              seekerId: r.seekerId,
              slot,
              by: 'seeker',
              channel: 'web',
              ...(command.data.reason ? { reason: command.data.reason } : {}),
              cancelledAt: now,
            },
          },
        ];
      }
      case 'CancelByStaff': {
        const r = existing(state, 'cancel', ['requested', 'offered', 'confirmed', 'invited']);
        const { channel, note, by } = command.data;
        return [
          {
            type: 'ReservationCancelled',
            data: {
              reservationId: r.reservationId,
              ...numbered(r),
              seekerId: r.seekerId,
              slot: isBooked(r) ? r.slot : null,
              by,
              channel,
              ...(note ? { note } : {}),
              cancelledAt: now,
            },
          },
        ];
      }
      case 'RecordJoin': {
        const r = existing(state, 'join', ['confirmed', 'invited', 'in_session']);
        const window = joinWindow(r.slot, r.end);
        if (now < window.opens)
          throw new DomainError('JOIN_NOT_OPEN', 'the meeting opens 15 minutes before the start', {
            opensAt: window.opens,
          });
        if (now > window.closes)
          throw new DomainError('JOIN_CLOSED', 'the consultation time has ended', { closedAt: window.closes });
        return [
          {
            type: 'SeekerJoined',
            data: {
              reservationId: r.reservationId,
              ...numbered(r),
              seekerId: r.seekerId,
              joinedAt: now,
              ...(command.data.device ? { device: command.data.device } : {}),
            },
          },
        ];
      }
      case 'CheckIn': {
        const r = existing(state, 'check in', ['confirmed', 'invited', 'in_session']);
        if (r.checkedIn) return [];
        return [
          {
            type: 'SessionCheckedIn',
            data: {
              reservationId: r.reservationId,
              ...numbered(r),
              seekerId: r.seekerId,
              by: command.data.by,
              checkedInAt: now,
            },
          },
        ];
      }
      case 'Complete': {
        const r = existing(state, 'complete', ['in_session']);
        // R20: the session ends at its scheduled end; time beyond it is recorded.
        const overrunMinutes = Math.max(0, Math.ceil((new Date(now).getTime() - new Date(r.end).getTime()) / 60_000));
        return [
          {
            type: 'SessionCompleted',
            data: {
              reservationId: r.reservationId,
              ...numbered(r),
              seekerId: r.seekerId,
              by: command.data.by,
              completedAt: now,
              overrunMinutes,
            },
          },
        ];
      }
      case 'Terminate': {
        const r = existing(state, 'terminate', ['in_session']);
        if (!command.data.reason.trim())
          throw new DomainError('VALIDATION_FAILED', 'a reason is required', {
            fields: { reason: ['理由を入力してください'] },
          });
        return [
          {
            type: 'SessionTerminated',
            data: {
              reservationId: r.reservationId,
              ...numbered(r),
              seekerId: r.seekerId,
              slot: r.slot,
              reason: command.data.reason,
              terminatedAt: now,
              by: command.data.by,
            },
          },
        ];
      }
      case 'MarkNoShow': {
        const r = existing(state, 'mark a no-show for', ['confirmed', 'invited']);
        // R18: joined or checked in means the seeker came; the state would be in_session.
        if (now < noShowAt(r.slot)) throw new DomainError('NOT_YET_DUE', 'not yet 10 minutes after the start', {});
        return [
          {
            type: 'SessionNoShow',
            data: {
              reservationId: r.reservationId,
              ...numbered(r),
              seekerId: r.seekerId,
              slot: r.slot,
              recordedAt: now,
            },
          },
        ];
      }
      case 'RecordFollowUp': {
        const r = existing(state, 'book a follow-up for', ['in_session']);
        const { followUpId, slot, by, overrideReason } = command.data;
        return [
          {
            type: 'FollowUpBooked',
            data: {
              reservationId: r.reservationId,
              ...numbered(r),
              seekerId: r.seekerId,
              followUpId,
              slot: toUtcIso(slot),
              by,
              ...(overrideReason ? { overrideReason } : {}),
              bookedAt: now,
            },
          },
        ];
      }
      case 'CreateFollowUp': {
        if (state.status !== 'none')
          throw new DomainError('INVALID_STATE', 'this follow-up already exists', { status: state.status });
        const d = command.data;
        // R16: R5 applies unless the counsellor records why not.
        checkSlot(calendar, d.slot, now, { leadTime: !d.overrideReason?.trim() });
        const slot = toUtcIso(d.slot);
        return [
          {
            type: 'FollowUpReservationCreated',
            data: {
              reservationId: d.reservationId,
              ...(d.number ? { number: d.number } : {}),
              previousReservationId: d.previousReservationId,
              officeCode: d.officeCode,
              seekerId: d.seekerId,
              topic: d.topic,
              slot,
              ...(d.overrideReason?.trim() ? { overrideReason: d.overrideReason.trim() } : {}),
              by: d.by,
              createdAt: now,
            },
          },
          {
            type: 'ReservationConfirmed',
            data: {
              reservationId: d.reservationId,
              ...(d.number ? { number: d.number } : {}),
              seekerId: d.seekerId,
              slot,
              end: plusMinutes(slot, d.slotMinutes),
              termsVersion: d.termsVersion,
              channel: 'follow-up',
              consentAt: d.consent?.at ?? now,
              consent: d.consent,
              ...d.meeting,
            },
          },
        ];
      }
      // Stryker disable all: unreachable, the cases cover every command type (the never check)
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
      // Stryker restore all
    }
  }

  return { decide, evolve, initialState };
}

export const isTerminal = (state: ReservationState): boolean =>
  state.status !== 'none' && TERMINAL_STATUSES.includes(state.status);
