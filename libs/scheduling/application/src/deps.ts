import { DomainError, reservationDecider, type ReservationState } from '@soudan/scheduling-domain';
import type { CommandHandler } from './command-handler';
import type { EligibilityPort, MeetingProvider, SchedulingSettings } from './ports';

export type ReservationDecider = ReturnType<typeof reservationDecider>;

/** One office's rules as the handlers apply them (R70, R71). */
export interface OfficeRules {
  settings: SchedulingSettings;
  decider: ReservationDecider;
}

/** What every handler may use. */
export interface SchedulingDeps {
  handler: CommandHandler;
  /** The office this deployment was configured with (OFFICE_CONFIG): the one a history without offices reads as. */
  settings: SchedulingSettings;
  /** R71: the rules of the office a reservation belongs to; OFFICE_NOT_SERVED for one this deployment does not serve. */
  office: (officeCode: string) => OfficeRules;
  eligibility: EligibilityPort;
  meetings: MeetingProvider;
  /** R4: free places in a slot of an office now, from the read model (a request for a full slot is refused). */
  vacancy?: (officeCode: string, slot: string, now: string) => number;
}

/** Where the office's settings come from: the registry (R70) in the service, one office in tests. */
export type OfficeSettingsSource = (officeCode: string) => SchedulingSettings | undefined;

/**
 * The rules of each office, made once per version of its settings: a decider holds its
 * office's calendar, and settings are replaced (never changed in place) when they change.
 */
export function officeRules(home: SchedulingSettings, source?: OfficeSettingsSource): (code: string) => OfficeRules {
  const made = new WeakMap<SchedulingSettings, OfficeRules>();
  return (code) => {
    const settings = source?.(code) ?? (code === home.officeCode ? home : undefined);
    if (!settings)
      throw new DomainError('OFFICE_NOT_SERVED', `office ${code} does not take online consultations here`, {
        officeCode: code,
      });
    let rules = made.get(settings);
    if (!rules) made.set(settings, (rules = { settings, decider: reservationDecider(settings.calendar) }));
    return rules;
  };
}

/** The office a loaded reservation belongs to; one not recorded yet is decided by the home office's rules. */
export function officeOf(deps: SchedulingDeps, state: ReservationState): OfficeRules {
  return deps.office(state.status === 'none' ? deps.settings.officeCode : state.officeCode);
}
