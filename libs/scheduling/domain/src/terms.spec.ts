import { DomainError } from './domain-error';
import { decideTerms, evolveTerms, initialTermsState, termsDecider, termsInForce, type TermsState } from './terms';

const publish = (version: string, effectiveFrom: string, now: string) => ({
  type: 'PublishTerms' as const,
  data: { version, effectiveFrom, body: `本文 ${version}`, changeSummary: `変更 ${version}`, by: 'staff-1' },
  metadata: { now },
});

/** The state after publishing each version in turn, as the decider and evolve would. */
function published(...versions: Array<[version: string, effectiveFrom: string, now: string]>): TermsState {
  let state = termsDecider.initialState();
  for (const [version, effectiveFrom, now] of versions)
    for (const event of termsDecider.decide(publish(version, effectiveFrom, now), state))
      state = termsDecider.evolve(state, event);
  return state;
}

function refusal(run: () => unknown): { code: string; details: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { code: (error as DomainError).code, details: (error as DomainError).details };
  }
  throw new Error('expected a refusal');
}

describe('versioned terms of use (R30, R31)', () => {
  it('R30: the first version is published with its effective date in one written form, and no change is announced', () => {
    // The first version may take effect at once or even from a past date: there is nothing to announce a change from.
    const events = decideTerms(
      publish('v1', '2026-01-01T09:00:00+09:00', '2026-06-01T00:00:00.000Z'),
      initialTermsState(),
    );
    expect(events).toEqual([
      {
        type: 'TermsPublished',
        data: {
          version: 'v1',
          effectiveFrom: '2026-01-01T00:00:00.000Z',
          body: '本文 v1',
          changeSummary: '変更 v1',
          publishedAt: '2026-06-01T00:00:00.000Z',
          by: 'staff-1',
        },
      },
    ]);
  });

  it('R30: each published version is kept with its text and summary, in order; an announcement alone adds none', () => {
    const state = published(['v1', '2026-01-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z']);
    expect(state).toEqual({
      versions: [
        { version: 'v1', effectiveFrom: '2026-01-01T00:00:00.000Z', body: '本文 v1', changeSummary: '変更 v1' },
      ],
    });
    const announced = evolveTerms(state, {
      type: 'TermsChanged',
      data: {
        version: 'v2',
        previousVersion: 'v1',
        effectiveFrom: '2026-09-01T00:00:00.000Z',
        changeSummary: '変更 v2',
        announcedAt: '2026-07-01T00:00:00.000Z',
      },
    });
    expect(announced).toEqual(state);
    const two = published(
      ['v1', '2026-01-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z'],
      ['v2', '2026-09-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'],
    );
    expect(two.versions.map((v) => [v.version, v.effectiveFrom, v.body])).toEqual([
      ['v1', '2026-01-01T00:00:00.000Z', '本文 v1'],
      ['v2', '2026-09-01T00:00:00.000Z', '本文 v2'],
    ]);
  });

  it('R31: a change is published with its announcement naming the version it replaces, the latest one', () => {
    const state = published(
      ['v1', '2026-01-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z'],
      ['v2', '2026-06-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
      ['v3', '2026-09-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'],
    );
    const events = decideTerms(publish('v4', '2026-12-01T09:00:00+09:00', '2026-08-01T00:00:00.000Z'), state);
    expect(events.map((e) => e.type)).toEqual(['TermsPublished', 'TermsChanged']);
    expect(events[1]).toEqual({
      type: 'TermsChanged',
      data: {
        version: 'v4',
        previousVersion: 'v3',
        effectiveFrom: '2026-12-01T00:00:00.000Z',
        changeSummary: '変更 v4',
        announcedAt: '2026-08-01T00:00:00.000Z',
      },
    });
  });

  it('R30: a version is published once', () => {
    const state = published(
      ['v1', '2026-01-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z'],
      ['v2', '2026-06-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
    );
    expect(
      refusal(() => decideTerms(publish('v1', '2026-12-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'), state)),
    ).toEqual({ code: 'TERMS_VERSION_EXISTS', details: { version: 'v1' } });
    expect(decideTerms(publish('v3', '2026-12-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'), state)).toHaveLength(2);
  });

  it('R31: a change cannot take effect when it is announced or before, nor before or with the version in force', () => {
    const state = published(
      ['v1', '2026-01-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z'],
      ['v2', '2026-09-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
      ['v3', '2026-10-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
    );
    const now = '2026-08-01T00:00:00.000Z';
    // Taking effect the very moment it is announced is not "after".
    expect(refusal(() => decideTerms(publish('v4', now, now), state))).toEqual({
      code: 'EFFECTIVE_DATE_NOT_IN_FUTURE',
      details: { effectiveFrom: now },
    });
    expect(refusal(() => decideTerms(publish('v4', '2026-08-01T08:59:00+09:00', now), state)).code).toBe(
      'EFFECTIVE_DATE_NOT_IN_FUTURE',
    );
    // In the future, but not after the latest version (v3), however it is written.
    expect(refusal(() => decideTerms(publish('v4', '2026-10-01T09:00:00+09:00', now), state))).toEqual({
      code: 'EFFECTIVE_DATE_NOT_IN_FUTURE',
      details: { effectiveFrom: '2026-10-01T09:00:00+09:00', current: '2026-10-01T00:00:00.000Z' },
    });
    expect(refusal(() => decideTerms(publish('v4', '2026-09-15T00:00:00.000Z', now), state)).details).toEqual({
      effectiveFrom: '2026-09-15T00:00:00.000Z',
      current: '2026-10-01T00:00:00.000Z',
    });
    expect(decideTerms(publish('v4', '2026-10-01T00:00:00.001Z', now), state)[0].data.effectiveFrom).toBe(
      '2026-10-01T00:00:00.001Z',
    );
    expect(decideTerms(publish('v4', '2026-10-01T09:00:00.001+09:00', now), state)[0].data.effectiveFrom).toBe(
      '2026-10-01T00:00:00.001Z',
    );
  });

  it('R30: the version in force is the latest whose effective date has come, from the very moment', () => {
    const state = published(
      ['v1', '2026-01-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z'],
      ['v2', '2026-06-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
      ['v3', '2026-09-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'],
    );
    expect(termsInForce(state, '2025-12-31T23:59:59.999Z')).toBeUndefined();
    expect(termsInForce(state, '2026-01-01T00:00:00.000Z')?.version).toBe('v1');
    expect(termsInForce(state, '2026-05-31T23:59:59.999Z')?.version).toBe('v1');
    expect(termsInForce(state, '2026-06-01T00:00:00.000Z')?.version).toBe('v2');
    expect(termsInForce(state, '2026-08-31T00:00:00.000Z')).toEqual({
      version: 'v2',
      effectiveFrom: '2026-06-01T00:00:00.000Z',
      body: '本文 v2',
      changeSummary: '変更 v2',
    });
    expect(termsInForce(state, '2027-01-01T00:00:00.000Z')?.version).toBe('v3');
    // Read from the effective dates, not the order the versions are held in; the state is left as it was.
    const shuffled: TermsState = { versions: [state.versions[2], state.versions[1], state.versions[0]] };
    expect(termsInForce(shuffled, '2026-08-31T00:00:00.000Z')?.version).toBe('v2');
    expect(termsInForce(shuffled, '2027-01-01T00:00:00.000Z')?.version).toBe('v3');
    expect(shuffled.versions.map((v) => v.version)).toEqual(['v3', 'v2', 'v1']);
  });
});
