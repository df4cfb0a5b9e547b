// R70/R71: the settings scheduling applies to each office, from the registry as the read
// model folded it. One BusinessCalendar (and so one reservation decider) per version of
// an office's settings: a change to an office replaces its settings object, and the next
// command of that office is decided under the new ones. Looking an office up costs the
// same with 540 offices registered as with one (a map look-up).
import type { OfficeSettings } from '@soudan/offices';
import type { SchedulingSettings } from '@soudan/scheduling-application';
import { BusinessCalendar } from '@soudan/time';

/** What scheduling needs of an office's settings. */
export function officeSchedulingSettings(office: OfficeSettings): SchedulingSettings {
  return {
    officeCode: office.code,
    officePhone: office.phone,
    calendar: new BusinessCalendar({ closures: office.closures ?? [], hours: office.hours }),
    slotMinutes: office.hours.slotMinutes,
    defaultCapacity: office.defaultCapacity ?? 1,
    publicBaseUrl: office.publicBaseUrl,
    meetingBaseUrl: office.meetingBaseUrl,
  };
}

export class SchedulingOffices {
  private readonly made = new WeakMap<OfficeSettings, SchedulingSettings>();

  constructor(
    /** The registry's settings by code (the projection's map, kept current by its events). */
    private readonly registered: ReadonlyMap<string, OfficeSettings>,
    /** The office this process was configured with: served from before the registry has it. */
    private readonly home: SchedulingSettings,
  ) {}

  get homeCode(): string {
    return this.home.officeCode;
  }

  /** The office's settings, or undefined for an office not registered. */
  settings(code: string): SchedulingSettings | undefined {
    const office = this.registered.get(code);
    if (!office) return code === this.home.officeCode ? this.home : undefined;
    let settings = this.made.get(office);
    if (!settings) this.made.set(office, (settings = officeSchedulingSettings(office)));
    return settings;
  }

  /** The registry's settings of an office (name, phone, …), or undefined. */
  office(code: string): OfficeSettings | undefined {
    return this.registered.get(code);
  }

  /** Every office served, by code. */
  codes(): string[] {
    const codes = new Set(this.registered.keys()).add(this.home.officeCode);
    return [...codes].sort();
  }
}
