// R54: other services resolve contact data here, by pseudonym, never from events; what
// they get is decrypted on the way out and gone for good once the seeker is erased.
import { createHash, timingSafeEqual } from 'node:crypto';
import type {
  GetContactRequest,
  GetContactResult,
  MatchSeekerRequest,
  MatchSeekerResult,
  RecordContactRequest,
  SeekerLanguage,
  SeekerPreferences,
  SetSeekerLanguageRequest,
} from '@soudan/eligibility-contracts';
import { isSeekerLanguage, seekerLanguageOf } from '@soudan/eligibility-contracts';
import {
  DomainError,
  emailKey,
  normaliseEmail,
  normaliseJobSeekerNumber,
  normaliseName,
} from '@soudan/eligibility-domain';
import type { SeekerState } from '@soudan/eligibility-domain';
import type { CommandContext, LoadedAggregate } from '@soudan/platform';
import type { DataKey } from '@soudan/seeker-keys';
import type { RosterPersonalData } from './roster.handler';
import { isSeekerId } from './seeker-identity';
import type { Seekers } from './seekers';

export interface ContactDocument {
  name: string;
  email: string;
  /** R63; documents sealed before easy Japanese hold 'ja' or 'en' and read as they are. */
  language: SeekerLanguage;
}

const digest = (email: string) => createHash('sha256').update(emailKey(email)).digest();

export class ContactHandler {
  constructor(private readonly seekers: Seekers) {}

  async get(request: GetContactRequest): Promise<GetContactResult> {
    const seekerId = request?.seekerId;
    if (!isSeekerId(seekerId)) throw new DomainError('SEEKER_NOT_FOUND', 'no such seeker', {});
    const { state, events } = await this.seekers.load(seekerId);
    // A stream with only no-shows in it belongs to nobody the roster ever knew.
    if (events.length === 0 || (!state.onRoster && !state.erased))
      throw new DomainError('SEEKER_NOT_FOUND', 'no such seeker', { seekerId });
    if (!state.onRoster) return { erased: true };
    const key = await this.seekers.vault.dataKey(seekerId, false);
    const current = this.current(seekerId, key, state);
    return current ? { erased: false, ...current } : { erased: true };
  }

  /** R63: the language the seeker reads the service in (Japanese until they choose). */
  async preferences(request: GetContactRequest): Promise<SeekerPreferences> {
    const contact = await this.get(request);
    return { language: contact.erased ? 'ja' : contact.language };
  }

  /**
   * R63: the seeker chose a language. It is kept in their sealed contact (R54: erased
   * with their key), recorded as a new contact like a request's; the same language
   * again appends nothing.
   */
  async setLanguage(
    request: SetSeekerLanguageRequest,
    context: Omit<CommandContext, 'eventId'>,
  ): Promise<SeekerPreferences & { recorded: boolean }> {
    const seekerId = request?.seekerId;
    if (!isSeekerId(seekerId)) throw new DomainError('SEEKER_NOT_FOUND', 'no such seeker', {});
    const language = request.language;
    if (!isSeekerLanguage(language)) {
      throw new DomainError('VALIDATION_FAILED', 'the language must be ja, ja-easy or en', {
        fields: { language: ['LANGUAGE_INVALID'] },
      });
    }
    const vault = this.seekers.vault;
    const executed = await this.seekers.execute(
      seekerId,
      async (state) => {
        const key = state.onRoster ? await vault.dataKey(seekerId, true) : undefined;
        const current = key ? this.current(seekerId, key, state) : undefined;
        if (!current || !key) throw new DomainError('SEEKER_NOT_FOUND', 'no such seeker', { seekerId });
        const changed = current.language !== language;
        const document: ContactDocument = { name: current.name, email: current.email, language };
        return {
          type: 'RecordContact',
          data: { seekerId, contact: changed ? vault.seal(seekerId, key, 'contact', document) : undefined },
          metadata: { now: this.seekers.now() },
        };
      },
      context,
    );
    return { language, recorded: executed.events.length > 0 };
  }

  /** The latest contact, or the roster's data before any; undefined once erased (no key opens it). */
  private current(seekerId: string, key: DataKey | undefined, state: SeekerState): ContactDocument | undefined {
    const contact = this.seekers.vault.open<ContactDocument>(seekerId, key, 'contact', state.contact);
    if (contact) return { name: contact.name, email: contact.email, language: seekerLanguageOf(contact.language) };
    const roster = this.seekers.vault.open<RosterPersonalData>(seekerId, key, 'roster', state.personalData);
    // Sealed data that no key opens is erased data, whatever the stream says.
    return roster ? { name: roster.name, email: roster.email, language: 'ja' } : undefined;
  }

  /** Stores the contact given on a request (R10); the same contact again appends nothing. */
  async record(
    request: RecordContactRequest,
    context: Omit<CommandContext, 'eventId'>,
    /** The seeker's stream as the caller has just read it (eligibility's check): no second read. */
    loaded?: LoadedAggregate<SeekerState>,
  ): Promise<{ seekerId: string; recorded: boolean }> {
    const seekerId = request?.seekerId;
    if (!isSeekerId(seekerId)) throw new DomainError('SEEKER_NOT_FOUND', 'no such seeker', {});
    const name = normaliseName(request.name);
    const email = normaliseEmail(request.email);
    if (!name || !email) {
      const fields: Record<string, string[]> = {};
      if (!name) fields.name = ['NAME_INVALID'];
      if (!email) fields.email = ['EMAIL_INVALID'];
      throw new DomainError('VALIDATION_FAILED', 'the contact is invalid', { fields });
    }
    const vault = this.seekers.vault;
    const executed = await this.seekers.execute(
      seekerId,
      async (state) => {
        const key = state.onRoster ? await vault.dataKey(seekerId, true) : undefined;
        const current = vault.open<ContactDocument>(seekerId, key, 'contact', state.contact);
        // R63: a request that names no language keeps the one the seeker chose.
        const language = isSeekerLanguage(request.language) ? request.language : seekerLanguageOf(current?.language);
        const document: ContactDocument = { name, email, language };
        const same = current?.name === name && current.email === email && current.language === language;
        return {
          type: 'RecordContact',
          data: { seekerId, contact: same || !key ? undefined : vault.seal(seekerId, key, 'contact', document) },
          metadata: { now: this.seekers.now() },
        };
      },
      context,
      loaded ? { loaded } : {},
    );
    return { seekerId, recorded: executed.events.length > 0 };
  }

  /** Sign-in: the number and the address must both match the roster (or the latest contact). */
  async match(request: MatchSeekerRequest): Promise<MatchSeekerResult> {
    const number =
      typeof request?.jobSeekerNumber === 'string' ? normaliseJobSeekerNumber(request.jobSeekerNumber) : undefined;
    const given = digest(typeof request?.email === 'string' ? request.email : '');
    if (!number) return { match: false };
    const seekerId = this.seekers.idOf(number);
    const { state } = await this.seekers.load(seekerId);
    if (!state.onRoster) return { match: false };
    const key = await this.seekers.vault.dataKey(seekerId, false);
    const known = [
      this.seekers.vault.open<RosterPersonalData>(seekerId, key, 'roster', state.personalData)?.email,
      this.seekers.vault.open<ContactDocument>(seekerId, key, 'contact', state.contact)?.email,
    ].filter((e): e is string => typeof e === 'string');
    // Digests of equal length compared in constant time: how much of an address matched never shows in the timing.
    let matched = false;
    for (const email of known) matched = timingSafeEqual(digest(email), given) || matched;
    return matched ? { match: true, seekerId } : { match: false };
  }
}
