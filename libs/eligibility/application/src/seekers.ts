// Load, decide, append for the seeker aggregate, with what every handler here needs:
// the clock, the pseudonym key and the vault.
import { WrongExpectedRevisionError, type EventStore } from '@soudan/event-store';
import { decide, DomainError, evolve, initialState, normaliseJobSeekerNumber, type SeekerCommand, type SeekerEvent, type SeekerState } from '@soudan/eligibility-domain';
import { loadAggregate, toNewEvents, type CommandContext, type LoadedAggregate } from '@soudan/platform';
import type { Clock } from '@soudan/time';
import type { PersonalDataVault } from './personal-data-vault';
import { seekerIdFor, seekerStream } from './seeker-identity';

export const seekerDecider = { initialState, evolve, decide };

export interface Executed {
  before: SeekerState;
  events: SeekerEvent[];
  after: SeekerState;
}

/** How often a command is decided again after another writer changed the stream first. */
const MAX_ATTEMPTS = 5;

export class Seekers {
  constructor(
    readonly store: EventStore,
    readonly clock: Clock,
    readonly vault: PersonalDataVault,
    private readonly pseudonymKey: Buffer,
  ) {}

  now(): string {
    return this.clock.now().toISOString();
  }

  idOf(normalisedJobSeekerNumber: string): string {
    return seekerIdFor(this.pseudonymKey, normalisedJobSeekerNumber);
  }

  /** The pseudonym of a number as staff typed it; VALIDATION_FAILED when it is not one. */
  idOfTyped(jobSeekerNumber: unknown): { seekerId: string; jobSeekerNumber: string } {
    const normal = typeof jobSeekerNumber === 'string' ? normaliseJobSeekerNumber(jobSeekerNumber) : undefined;
    if (!normal) {
      throw new DomainError('VALIDATION_FAILED', 'the job seeker number must look like 16070-12345678', {
        fields: { jobSeekerNumber: ['NNNNN-NNNNNNNN'] },
      });
    }
    return { seekerId: this.idOf(normal), jobSeekerNumber: normal };
  }

  load(seekerId: string): Promise<LoadedAggregate<SeekerState>> {
    return loadAggregate<SeekerState, SeekerEvent>(this.store, seekerStream(seekerId), seekerDecider);
  }

  /**
   * Decides `build(state)` against the stream as it is and appends with that revision.
   * On a conflict the command is built and decided again on the newer state: every
   * command here is a decision about the current state, so that is always safe.
   */
  async execute(
    seekerId: string,
    build: (state: SeekerState, attempt: number) => SeekerCommand | Promise<SeekerCommand>,
    context: CommandContext,
    options: { probablyNew?: boolean } = {},
  ): Promise<Executed> {
    for (let attempt = 1; ; attempt++) {
      // A seeker that has no key yet has almost certainly no stream either: skip the read
      // and let the append's expectation say otherwise (bulk imports of new seekers).
      const loaded: LoadedAggregate<SeekerState> =
        attempt === 1 && options.probablyNew ? { state: initialState(), expected: 'no_stream', events: [] } : await this.load(seekerId);
      const command = await build(loaded.state, attempt);
      const events = decide(command, loaded.state);
      if (events.length === 0) return { before: loaded.state, events, after: loaded.state };
      try {
        await this.store.append(seekerStream(seekerId), toNewEvents(events, context), loaded.expected);
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      return { before: loaded.state, events, after: events.reduce(evolve, loaded.state) };
    }
  }
}

/** What a staff or service request names as its author, kept to a plain token. */
export function actorFrom(raw: unknown, fallback = 'staff:unknown'): string {
  return typeof raw === 'string' && /^[A-Za-z]+:[^\s]{1,200}$/.test(raw) ? raw : fallback;
}

/** Runs `work` on every item with at most `limit` at a time, keeping the order of results. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
