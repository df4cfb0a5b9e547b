import { DEFAULT_NO_SHOW_POLICY, noShowPolicyFrom } from './no-show-policy';

describe('no-show policy (R19)', () => {
  it('R19: by default two no-shows within 180 days', () => {
    expect(DEFAULT_NO_SHOW_POLICY).toEqual({ threshold: 2, windowDays: 180 });
    expect(noShowPolicyFrom(undefined)).toEqual(DEFAULT_NO_SHOW_POLICY);
    expect(noShowPolicyFrom(null)).toEqual(DEFAULT_NO_SHOW_POLICY);
    expect(noShowPolicyFrom('3/90')).toEqual(DEFAULT_NO_SHOW_POLICY);
    expect(noShowPolicyFrom({})).toEqual(DEFAULT_NO_SHOW_POLICY);
  });

  it("R19: the office's setting, each part within its bounds", () => {
    expect(noShowPolicyFrom({ threshold: 3, windowDays: 90 })).toEqual({ threshold: 3, windowDays: 90 });
    expect(noShowPolicyFrom({ threshold: 1, windowDays: 1 })).toEqual({ threshold: 1, windowDays: 1 });
    expect(noShowPolicyFrom({ threshold: 100, windowDays: 3650 })).toEqual({ threshold: 100, windowDays: 3650 });
    // One sensible part is kept beside a default for the other.
    expect(noShowPolicyFrom({ threshold: 5 })).toEqual({ threshold: 5, windowDays: 180 });
    expect(noShowPolicyFrom({ windowDays: 30 })).toEqual({ threshold: 2, windowDays: 30 });
  });

  it('R19: a setting out of bounds or not a whole number falls back to the default', () => {
    expect(noShowPolicyFrom({ threshold: 0, windowDays: 0 })).toEqual(DEFAULT_NO_SHOW_POLICY);
    expect(noShowPolicyFrom({ threshold: 101, windowDays: 3651 })).toEqual(DEFAULT_NO_SHOW_POLICY);
    expect(noShowPolicyFrom({ threshold: 2.5, windowDays: 90.5 })).toEqual(DEFAULT_NO_SHOW_POLICY);
    expect(noShowPolicyFrom({ threshold: '3', windowDays: '90' })).toEqual(DEFAULT_NO_SHOW_POLICY);
    expect(noShowPolicyFrom({ threshold: Number.NaN, windowDays: Infinity })).toEqual(DEFAULT_NO_SHOW_POLICY);
  });
});
