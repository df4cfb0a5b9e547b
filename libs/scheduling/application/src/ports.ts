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
  /** A room for one session of an office; the seeker is sent on to it from `/join/{token}`. */
  createRoom(reservationId: string, office?: SchedulingSettings): Promise<{ roomUrl: string }>;
}

/** R15 default: an unguessable room URL under the office's meeting base (the configured one when it names none). */
export class UnguessableRoomProvider implements MeetingProvider {
  constructor(private readonly baseUrl: string) {}
  async createRoom(_reservationId: string, office?: SchedulingSettings): Promise<{ roomUrl: string }> {
    const base = office?.meetingBaseUrl ?? this.baseUrl;
    return { roomUrl: `${base.replace(/\/$/, '')}/${randomBytes(18).toString('base64url')}` };
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
  /** R70: the office's meeting app base, where its rooms are made. */
  meetingBaseUrl?: string;
}
