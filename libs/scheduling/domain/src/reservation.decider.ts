// Commands and decide (emmett's shape): pure, time arrives on metadata.now.
import type { Attendee, DeviceReadiness, EnvironmentAttestation } from '@soudan/scheduling-contracts';
import { DomainError } from './domain-error';
import type { ReservationEvent, ReservationState } from './reservation';

export type RequestReservation = {
  type: 'RequestReservation';
  data: {
    reservationId: string;
    officeCode: string;
    jobSeekerNumber?: string;
    name: string;
    email: string;
    language: 'ja' | 'en';
    desiredSlots: string[];
    topic: string;
    onlineReason: string;
    devices: DeviceReadiness;
    environment: EnvironmentAttestation;
    attendee?: Attendee;
    idempotencyKey?: string;
  };
  metadata: { now: string };
};

export type ReservationCommand = RequestReservation;

export const MAX_DESIRED_SLOTS = 3;

export function decide(command: ReservationCommand, state: ReservationState): ReservationEvent[] {
  switch (command.type) {
    case 'RequestReservation': {
      if (state.status !== 'none') {
        throw new DomainError('INVALID_STATE', 'this reservation has already been requested', { status: state.status });
      }
      const { desiredSlots } = command.data;
      // R10: one to three desired slots; the same slot twice is a mistake worth telling.
      if (desiredSlots.length < 1 || desiredSlots.length > MAX_DESIRED_SLOTS) {
        throw new DomainError('VALIDATION_FAILED', 'choose one to three desired slots', { fields: { desiredSlots: ['1〜3件'] } });
      }
      const instants = desiredSlots.map((s) => new Date(s).toISOString());
      if (new Set(instants).size !== instants.length) {
        throw new DomainError('DESIRED_SLOTS_DUPLICATED', 'the desired slots contain the same slot twice', { desiredSlots });
      }
      const { name, email, language, ...rest } = command.data;
      return [
        {
          type: 'ReservationRequested',
          data: {
            ...rest,
            desiredSlots: instants,
            contact: { name, email, language },
            requestedAt: command.metadata.now,
          },
        },
      ];
    }
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}
