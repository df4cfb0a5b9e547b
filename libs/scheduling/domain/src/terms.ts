// Versioned terms of use (R30-R32): a change is announced before it takes effect.
import type { TermsChangedV1, TermsPublishedV1 } from '@soudan/scheduling-contracts';
import { DomainError } from './domain-error';

export type TermsEvent =
  { type: 'TermsPublished'; data: TermsPublishedV1 } | { type: 'TermsChanged'; data: TermsChangedV1 };

export type TermsState = {
  versions: ReadonlyArray<{ version: string; effectiveFrom: string; body: string; changeSummary: string }>;
};

export type TermsCommand = {
  type: 'PublishTerms';
  data: { version: string; effectiveFrom: string; body: string; changeSummary: string; by: string };
  metadata: { now: string };
};

export const initialTermsState = (): TermsState => ({ versions: [] });

export function evolveTerms(state: TermsState, event: TermsEvent): TermsState {
  if (event.type !== 'TermsPublished') return state;
  const { version, effectiveFrom, body, changeSummary } = event.data;
  return { versions: [...state.versions, { version, effectiveFrom, body, changeSummary }] };
}

export function decideTerms(command: TermsCommand, state: TermsState): TermsEvent[] {
  const { version, effectiveFrom, body, changeSummary, by } = command.data;
  const now = command.metadata.now;
  if (state.versions.some((v) => v.version === version))
    throw new DomainError('TERMS_VERSION_EXISTS', `version ${version} is already published`, { version });
  const previous = state.versions.at(-1);
  // R31: a change is announced before it applies, so it cannot take effect in the past.
  if (previous && new Date(effectiveFrom).toISOString() <= now) {
    throw new DomainError('EFFECTIVE_DATE_NOT_IN_FUTURE', 'a change of terms must take effect after it is announced', {
      effectiveFrom,
    });
  }
  if (previous && new Date(effectiveFrom).toISOString() <= new Date(previous.effectiveFrom).toISOString()) {
    throw new DomainError('EFFECTIVE_DATE_NOT_IN_FUTURE', 'a new version must take effect after the current one', {
      effectiveFrom,
      current: previous.effectiveFrom,
    });
  }
  const effective = new Date(effectiveFrom).toISOString();
  const events: TermsEvent[] = [
    { type: 'TermsPublished', data: { version, effectiveFrom: effective, body, changeSummary, publishedAt: now, by } },
  ];
  if (previous)
    events.push({
      type: 'TermsChanged',
      data: { version, previousVersion: previous.version, effectiveFrom: effective, changeSummary, announcedAt: now },
    });
  return events;
}

/** The version in force at `now`: the latest whose effective date has come. */
export function termsInForce(state: TermsState, now: string): TermsState['versions'][number] | undefined {
  return [...state.versions]
    .filter((v) => v.effectiveFrom <= now)
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
    .at(-1);
}

export const termsDecider = { decide: decideTerms, evolve: evolveTerms, initialState: initialTermsState };
