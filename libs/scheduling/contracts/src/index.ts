// What other services may know of scheduling: its published events and its
// request-reply patterns. Changing a shape here means a new schemaVersion.

export const SCHEDULING_CONTEXT = 'scheduling';

export const SchedulingPatterns = {
  requestReservation: 'scheduling.reservation.request',
  getReservation: 'scheduling.reservation.get',
  health: 'scheduling.health',
} as const;

export type DeviceReadiness = { camera: boolean; microphone: boolean; speaker: boolean };

/** R41: the six points of the environment attestation (Art. 5(1)-(6)). */
export type EnvironmentAttestation = {
  safeDevice: boolean;
  noPublicWifi: boolean;
  supportedOs: boolean;
  firewallOn: boolean;
  noFileSharing: boolean;
  antivirusCurrent: boolean;
};

export type Attendee = { kind: 'interpreter' | 'caregiver'; note: string };

/** Payload of `scheduling.reservation.request` (R10). */
export interface RequestReservationPayload {
  officeCode: string;
  jobSeekerNumber?: string;
  name: string;
  email: string;
  desiredSlots: string[];
  topic: string;
  onlineReason: string;
  devices: DeviceReadiness;
  environment: EnvironmentAttestation;
  attendee?: Attendee;
  idempotencyKey?: string;
  language?: 'ja' | 'en';
}

export interface RequestReservationResult {
  id: string;
  status: ReservationStatus;
}

export type ReservationStatus =
  | 'requested'
  | 'offered'
  | 'confirmed'
  | 'invited'
  | 'in_session'
  | 'completed'
  | 'cancelled'
  | 'no_show'
  | 'lapsed'
  | 'rejected'
  | 'terminated';

export interface ReservationRequestedV1 {
  reservationId: string;
  officeCode: string;
  jobSeekerNumber?: string;
  // Contact data is carried here until the eligibility service's erasable personal-data
  // store exists (R54); then events will carry only a pseudonymous seeker id.
  contact: { name: string; email: string; language: 'ja' | 'en' };
  desiredSlots: string[];
  topic: string;
  onlineReason: string;
  devices: DeviceReadiness;
  environment: EnvironmentAttestation;
  attendee?: Attendee;
  idempotencyKey?: string;
  requestedAt: string;
}

/** R18: not joined, not checked in, not cancelled 10 minutes after the start. */
export interface SessionNoShowV1 {
  reservationId: string;
  /** Pseudonymous seeker id (eligibility's), never the name or number (R54). */
  seekerId: string;
  slot: string;
  recordedAt: string;
}

/** R21: a counsellor ended the session for threats, abuse or non-job use. */
export interface SessionTerminatedV1 {
  reservationId: string;
  seekerId: string;
  slot: string;
  reason: string;
  terminatedAt: string;
  by: string;
}

export const SchedulingEventTypes = {
  ReservationRequested: 'ReservationRequested',
  SessionNoShow: 'SessionNoShow',
  SessionTerminated: 'SessionTerminated',
} as const;
