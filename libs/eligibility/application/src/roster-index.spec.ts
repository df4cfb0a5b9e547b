// The roster index's fold and its snapshot encoding (the search itself, with keys and a
// store, is in the service's integration test).
import { applyToRoster, decodeRosterIndex, folded, type RosterIndexEntry } from './roster-index';

const registered = (officeCode = '16070') => ({
  seekerId: 's1',
  officeCode,
  status: 'registered',
  personalData: 'v1.k.iv.tag.ct',
  registeredAt: '2026-11-01T00:00:00Z',
});

describe('the roster index', () => {
  it('R40, R19, R42: follows registration, updates, no-shows, reviews and suspensions of a seeker', () => {
    const entries = new Map<string, RosterIndexEntry>();
    applyToRoster(entries, 's1', 'SeekerRegistered', registered());
    applyToRoster(entries, 's1', 'SeekerUpdated', {
      seekerId: 's1',
      officeCode: '13010',
      status: 'pre_registration_approved',
      personalData: 'v1.k.iv.tag.ct2',
    });
    applyToRoster(entries, 's1', 'NoShowCounted', { noShowsInWindow: 2 });
    applyToRoster(entries, 's1', 'NoShowReviewRequested', {});
    expect(entries.get('s1')).toEqual({
      seekerId: 's1',
      officeCode: '13010',
      status: 'pre_registration_approved',
      personalData: 'v1.k.iv.tag.ct2',
      noShows: 2,
      review: true,
    });
    applyToRoster(entries, 's1', 'SeekerSuspended', { endsAt: '2027-03-31T15:00:00.000Z' });
    expect(entries.get('s1')).toMatchObject({ suspendedUntil: '2027-03-31T15:00:00.000Z', review: false });
    applyToRoster(entries, 's1', 'SuspensionLifted', {});
    expect(entries.get('s1')).not.toHaveProperty('suspendedUntil');
    applyToRoster(entries, 's1', 'NoShowReviewRequested', {});
    applyToRoster(entries, 's1', 'NoShowReviewDismissed', {});
    expect(entries.get('s1')?.review).toBe(false);
  });

  it('R54: an erased seeker leaves the index; listed again, they come back with what was counted meanwhile', () => {
    const entries = new Map<string, RosterIndexEntry>();
    applyToRoster(entries, 's1', 'SeekerRegistered', registered());
    applyToRoster(entries, 's1', 'SeekerErased', {});
    expect(entries.has('s1')).toBe(false);
    // Events of a seeker not on the roster change nothing.
    applyToRoster(entries, 's1', 'SeekerUpdated', { officeCode: '13010' });
    applyToRoster(entries, 's1', 'NoShowCounted', { noShowsInWindow: 1 });
    expect(entries.size).toBe(0);
    applyToRoster(entries, 's1', 'SeekerRegistered', registered('13010'));
    expect(entries.get('s1')).toMatchObject({ officeCode: '13010', noShows: 0, review: false });
  });

  it('compares searches without regard to spaces, width or case', () => {
    expect(folded(' 飯田　春子 ')).toBe('飯田春子');
    expect(folded('１６０７０－ＡＢ')).toBe('16070-ab');
  });

  it('restores a snapshot through JSON, and refuses one that is not the index', () => {
    const entry: RosterIndexEntry = {
      ...registered(),
      status: 'registered',
      noShows: 1,
      review: true,
      suspendedUntil: '2027-01-01T00:00:00Z',
    };
    delete (entry as { registeredAt?: string }).registeredAt;
    expect(decodeRosterIndex(JSON.parse(JSON.stringify([entry])))).toEqual(new Map([['s1', entry]]));
    expect(() => decodeRosterIndex({})).toThrow(/not an array/);
    expect(() => decodeRosterIndex([null])).toThrow(/entry 0 is not an object/);
    expect(() => decodeRosterIndex([{ ...entry, officeCode: 16070 }])).toThrow(/officeCode is not a string/);
    expect(() => decodeRosterIndex([{ ...entry, noShows: 1.5 }])).toThrow(/noShows is not a whole number/);
    expect(() => decodeRosterIndex([{ ...entry, review: 'yes' }])).toThrow(/review is not true or false/);
    expect(() => decodeRosterIndex([{ ...entry, suspendedUntil: 3 }])).toThrow(/suspendedUntil is not a string/);
  });
});
