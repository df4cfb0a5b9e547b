import type { BusinessCalendar } from '@soudan/time';

export const RESERVATION_SERVICE = Symbol('RESERVATION_SERVICE');
export const APPEND_TRACKER = Symbol('APPEND_TRACKER');
export const SCHEDULING_SETTINGS = Symbol('SCHEDULING_SETTINGS');
export const PERSONAL_TEXTS = Symbol('PERSONAL_TEXTS');

export interface AppendTracker {
  lastPosition?: bigint;
}

export interface SchedulingInfraSettings {
  officeCode: string;
  officePhone: string;
  calendar: BusinessCalendar;
  slotMinutes: number;
  defaultCapacity: number;
  publicBaseUrl: string;
  meetingBaseUrl: string;
  timerIntervalMs: number;
  /** How often the slot keeper compares places with their reservations (SLOT_CHECK_INTERVAL_MS). */
  slotCheckIntervalMs: number;
  /** How long a place taken for an undecided reservation is left alone (SLOT_GRACE_MS). */
  slotGraceMs: number;
  /** false: append stream by stream, as on KurrentDB (SCHEDULING_ATOMIC_APPENDS=0, tests). */
  atomicAppends: boolean;
}
