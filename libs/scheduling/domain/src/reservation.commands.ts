// The reservation's commands (emmett's shape): each carries the instant it entered the
// application (metadata.now), stamped once where it came in.
import type { SeekerLanguage } from '@soudan/eligibility-contracts';
import type { Attendee, ConsentOnRecord, DeviceReadiness, EnvironmentAttestation } from '@soudan/scheduling-contracts';

export type Meta = { metadata: { now: string } };

export type MeetingDetails = { meetingUrl: string; joinToken: string; roomUrl: string };

export type ReservationCommand = Meta &
  (
    | {
        type: 'RequestReservation';
        data: {
          reservationId: string;
          /** The number claimed for it in its office (see reservation-number.ts). */
          number?: string;
          officeCode: string;
          seekerId: string;
          desiredSlots: string[];
          topic: string;
          onlineReason: string;
          devices: DeviceReadiness;
          environment: EnvironmentAttestation;
          attendee?: Attendee;
          idempotencyKey?: string;
          language: SeekerLanguage;
        };
      }
    | { type: 'OfferSlots'; data: { slots: string[]; termsVersion: string; by: string } }
    | { type: 'RejectRequest'; data: { reason: string; by: string } }
    | {
        type: 'Consent';
        data: {
          slot: string;
          termsVersion: string;
          channel: 'web' | 'email';
          meeting: MeetingDetails;
          slotMinutes: number;
        };
      }
    | { type: 'Lapse'; data: Record<string, never> }
    | { type: 'MarkOverdue'; data: Record<string, never> }
    | { type: 'SendReminder'; data: Record<string, never> }
    | { type: 'MarkInvited'; data: Record<string, never> }
    | { type: 'CancelBySeeker'; data: { reason?: string } }
    | { type: 'CancelByStaff'; data: { channel: 'phone' | 'email'; note?: string; by: string } }
    | { type: 'RecordJoin'; data: { device?: Record<string, string> } }
    | { type: 'CheckIn'; data: { by: string } }
    | { type: 'Complete'; data: { by: string } }
    | { type: 'Terminate'; data: { reason: string; by: string } }
    | { type: 'MarkNoShow'; data: Record<string, never> }
    | { type: 'RecordFollowUp'; data: { followUpId: string; slot: string; by: string; overrideReason?: string } }
    | {
        type: 'CreateFollowUp';
        data: {
          reservationId: string;
          number?: string;
          previousReservationId: string;
          officeCode: string;
          seekerId: string;
          topic: string;
          slot: string;
          termsVersion: string;
          /** R16: the consent on record the follow-up rests on (the previous reservation's). */
          consent: ConsentOnRecord | null;
          overrideReason?: string;
          by: string;
          meeting: MeetingDetails;
          slotMinutes: number;
        };
      }
  );

export type CommandType = ReservationCommand['type'];
