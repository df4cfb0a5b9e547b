// What the scheduling application needs from outside, as ports: eligibility (another
// service), the meeting provider, and the office's settings.
import { randomBytes } from 'node:crypto';
import type { EligibilityCheckRequest, EligibilityCheckResult } from '@soudan/eligibility-contracts';
import type { BusinessCalendar } from '@soudan/time';

export interface EligibilityPort {
  /** R11: checks, and records the request's contact details when eligible (one call). */
  check(request: EligibilityCheckRequest): Promise<EligibilityCheckResult>;
}

export interface MeetingProvider {
  /** A room for one session; the seeker is sent on to it from `/join/{token}`. */
  createRoom(reservationId: string): Promise<{ roomUrl: string }>;
}

/** R15 default: an unguessable room URL under the office's configured base. */
export class UnguessableRoomProvider implements MeetingProvider {
  constructor(private readonly baseUrl: string) {}
  async createRoom(): Promise<{ roomUrl: string }> {
    return { roomUrl: `${this.baseUrl.replace(/\/$/, '')}/${randomBytes(18).toString('base64url')}` };
  }
}

export interface SchedulingSettings {
  officeCode: string;
  officePhone: string;
  calendar: BusinessCalendar;
  slotMinutes: number;
  /** R4: places per slot where supervisors have set nothing. */
  defaultCapacity: number;
  /** Public base URL of this system: join links are `${publicBaseUrl}/join/{token}`. */
  publicBaseUrl: string;
}
