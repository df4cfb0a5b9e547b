// Time enters the system only through a Clock (conventions.md rule 1): handlers stamp
// `metadata.now` from it; tests drive a controllable one.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests set and advance by hand. */
export class ManualClock implements Clock {
  private current: Date;
  constructor(start: Date | string) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** The zone every business rule runs in (R1). */
export const BUSINESS_ZONE = 'Asia/Tokyo';
