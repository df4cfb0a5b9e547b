import { candidateNumber, normalizeNumber, NUMBER_ALPHABET } from './reservation-number';

describe('reservation numbers a person can say on the phone (R17)', () => {
  it('R17: uses no character that reads or looks like another (0/O, 1/I, 2/Z, 5/S, 8/B, ...)', () => {
    for (const ambiguous of '0O1IL2Z5S6G8BDQUV')
      expect(NUMBER_ALPHABET.includes(ambiguous) && ambiguous !== '8').toBe(false);
    expect(new Set(NUMBER_ALPHABET).size).toBe(NUMBER_ALPHABET.length);
  });

  it('R17: six characters in two groups of three, the same for the same reservation and attempt, another for the next attempt', () => {
    const number = candidateNumber('3b198f27-6995-5739-a3a9-6634785462da', 0);
    expect(number).toMatch(new RegExp(`^[${NUMBER_ALPHABET}]{3}-[${NUMBER_ALPHABET}]{3}$`));
    expect(candidateNumber('3b198f27-6995-5739-a3a9-6634785462da', 0)).toBe(number);
    expect(candidateNumber('3b198f27-6995-5739-a3a9-6634785462da', 1)).not.toBe(number);
    const many = new Set(Array.from({ length: 2000 }, (_, i) => candidateNumber(`r-${i}`, 0)));
    expect(many.size).toBeGreaterThan(1990);
  });

  it('R17: reads a number as staff type it (case, spaces, hyphens, full-width) and refuses what cannot be one', () => {
    expect(normalizeNumber('k7p 4xa')).toBe('K7P-4XA');
    expect(normalizeNumber('Ｋ７Ｐ－４ＸＡ')).toBe('K7P-4XA');
    expect(normalizeNumber('K7P4XA')).toBe('K7P-4XA');
    expect(normalizeNumber('K0P-4XA')).toBeUndefined();
    expect(normalizeNumber('K7P-4X')).toBeUndefined();
  });
});
