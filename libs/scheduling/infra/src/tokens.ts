import type { BusinessCalendar } from '@soudan/time';

export const RESERVATION_SERVICE = Symbol('RESERVATION_SERVICE');
export const APPEND_TRACKER = Symbol('APPEND_TRACKER');
export const SCHEDULING_SETTINGS = Symbol('SCHEDULING_SETTINGS');

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
}
