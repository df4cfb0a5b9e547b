import { reservationDecider } from '@soudan/scheduling-domain';
import type { CommandHandler } from './command-handler';
import type { EligibilityPort, MeetingProvider, SchedulingSettings } from './ports';

/** What every handler may use. */
export interface SchedulingDeps {
  handler: CommandHandler;
  settings: SchedulingSettings;
  eligibility: EligibilityPort;
  meetings: MeetingProvider;
  decider: ReturnType<typeof reservationDecider>;
  /** R4: free places in a slot now, from the read model (a request for a full slot is refused). */
  vacancy?: (slot: string, now: string) => number;
}
