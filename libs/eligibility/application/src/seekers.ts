// Load, decide, append for the seeker aggregate, with what every handler here needs:
// the clock, the pseudonym key and the vault.
import { appendToStreams, WrongExpectedRevisionError, type EventStore, type StreamAppend } from '@soudan/event-store';
import {
  decide,
  DomainError,
  evolve,
  initialState,
  normaliseJobSeekerNumber,
  type SeekerCommand,
  type SeekerEvent,
  type SeekerState,
} from '@soudan/eligibility-domain';
import { loadAggregate, toNewEvents, type CommandContext, type LoadedAggregate } from '@soudan/platform';
import type { Clock } from '@soudan/time';
import type { PersonalDataVault } from '@soudan/seeker-keys';
import { seekerIdFor, seekerStream } from './seeker-identity';

export const seekerDecider = { initialState, evolve, decide };

export interface Executed {
  before: SeekerState;
  events: SeekerEvent[];
  after: SeekerState;
}

/** How often a command is decided again after another writer changed the stream first. */
const MAX_ATTEMPTS = 5;
/** Streams read at once by executeMany. */
const LOAD_CONCURRENCY = 32;
/** Seekers whose events executeMany appends in one go (one statement on the SQL stores). */
const APPEND_CHUNK = 500;

/** One command of executeMany, as `execute` takes it. */
export interface ManyCommand {
  seekerId: string;
  build: (state: SeekerState, attempt: number) => SeekerCommand | Promise<SeekerCommand>;
  /** As `execute`'s option: skip reading the stream, expect none. */
  probablyNew?: boolean;
}

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
    options: { probablyNew?: boolean; loaded?: LoadedAggregate<SeekerState> } = {},
  ): Promise<Executed> {
    for (let attempt = 1; ; attempt++) {
      // A seeker that has no key yet has almost certainly no stream either: skip the read
      // and let the append's expectation say otherwise (bulk imports of new seekers). A
      // caller that has just read the stream may hand it over: if it changed since, the
      // append's expectation says so and the next attempt reads it again.
      const loaded: LoadedAggregate<SeekerState> =
        attempt === 1 && options.loaded
          ? options.loaded
          : attempt === 1 && options.probablyNew
            ? { state: initialState(), expected: 'no_stream', events: [] }
            : await this.load(seekerId);
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

  /**
   * `execute` for many seekers (bulk roster imports), each command once per seeker, in
   * far fewer round trips: the streams are read concurrently, every command is decided,
   * and the events are appended in chunks, each chunk at once (`appendToStreams`: one
   * statement, all or nothing, on the SQL stores). A chunk refused because one of its
   * seekers changed meanwhile (or was not new after all) is run again seeker by seeker
   * with `execute`, which decides again on the stream as it is. On a store without
   * appendMany (KurrentDB) a chunk is appended stream by stream, and after a conflict the
   * seekers appended before it decide again too (usually to nothing: then they count as
   * unchanged). Results are in the order of `commands`.
   */
  async executeMany(commands: readonly ManyCommand[], context: CommandContext): Promise<Executed[]> {
    const results = new Array<Executed>(commands.length);
    const loaded = await mapLimited(commands, LOAD_CONCURRENCY, (command) =>
      command.probablyNew
        ? Promise.resolve<LoadedAggregate<SeekerState>>({ state: initialState(), expected: 'no_stream', events: [] })
        : this.load(command.seekerId),
    );
    const decided: Array<{ index: number; events: SeekerEvent[] }> = [];
    for (const [index, command] of commands.entries()) {
      const { state } = loaded[index];
      const events = decide(await command.build(state, 1), state);
      if (events.length === 0) results[index] = { before: state, events, after: state };
      else decided.push({ index, events });
    }
    for (let start = 0; start < decided.length; start += APPEND_CHUNK) {
      const chunk = decided.slice(start, start + APPEND_CHUNK);
      const appends: StreamAppend[] = chunk.map(({ index, events }) => ({
        streamId: seekerStream(commands[index].seekerId),
        events: toNewEvents(events, context),
        expected: loaded[index].expected,
      }));
      try {
        await appendToStreams(this.store, appends);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        const again = await mapLimited(chunk, LOAD_CONCURRENCY, ({ index }) =>
          this.execute(
            commands[index].seekerId,
            (state, attempt) => commands[index].build(state, attempt + 1),
            context,
          ),
        );
        chunk.forEach(({ index }, k) => (results[index] = again[k]));
        continue;
      }
      for (const { index, events } of chunk) {
        const before = loaded[index].state;
        results[index] = { before, events, after: events.reduce(evolve, before) };
      }
    }
    return results;
  }
}

/** What a staff or service request names as its author, kept to a plain token. */
export function actorFrom(raw: unknown, fallback = 'staff:unknown'): string {
  return typeof raw === 'string' && /^[A-Za-z]+:[^\s]{1,200}$/.test(raw) ? raw : fallback;
}

/** Runs `work` on every item with at most `limit` at a time, keeping the order of results. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
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
