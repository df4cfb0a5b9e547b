// R71: every mail speaks for the office of its reservation (or, for a sign-in link, the
// office of the seeker's number): its name, phone, hours, meeting app, staff address and
// sender. Scheduling keeps the registry; this asks it (`scheduling.offices.for-mail`) and
// keeps each answer for a minute, so a burst of mails of one office costs one question
// and a change of an office's settings reaches its mails within a minute.
import { requestTyped, type RpcClient } from '@soudan/messaging';
import type { Logger, OfficeSettings } from '@soudan/platform';
import { SchedulingApi } from '@soudan/scheduling-contracts';

const UNAVAILABLE = new Set(['STORE_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'SERVICE_BUSY']);
const MAX_KEPT = 10_000;

export interface MailOfficesOptions {
  /** How long an answer is kept (default one minute). */
  ttlMs?: number;
  now?: () => number;
}

export class MailOffices {
  private readonly kept = new Map<string, { office: OfficeSettings; until: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly rpc: RpcClient,
    /** The office this process was configured with: the answer when scheduling knows no better. */
    private readonly configured: OfficeSettings,
    private readonly logger: Logger,
    options: MailOfficesOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The office of a reservation. */
  ofReservation(reservationId: string, correlationId: string): Promise<OfficeSettings> {
    return this.ask(`r:${reservationId}`, { reservationId }, correlationId);
  }

  /** An office by its code (the first five digits of a job seeker number). */
  ofCode(code: string | undefined, correlationId: string): Promise<OfficeSettings> {
    if (code === undefined || code === this.configured.code) return Promise.resolve(this.configured);
    return this.ask(`c:${code}`, { code }, correlationId);
  }

  private async ask(
    key: string,
    request: { reservationId?: string; code?: string },
    correlationId: string,
  ): Promise<OfficeSettings> {
    const now = this.now();
    const known = this.kept.get(key);
    if (known && known.until > now) return known.office;
    let office: OfficeSettings;
    try {
      office = await requestTyped(this.rpc, SchedulingApi.officeForMail, request, { correlationId, timeoutMs: 5000 });
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      // An outage is waited out (the bus retries the mail): a mail in the wrong office's name is worse than a late one.
      if (UNAVAILABLE.has(code as string)) throw error;
      this.logger.warn(
        { err: error, ...request },
        "scheduling names no office for this mail; it goes out in the configured office's name",
      );
      office = this.configured;
    }
    if (this.kept.size >= MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(key, { office, until: now + this.ttlMs });
    return office;
  }
}
