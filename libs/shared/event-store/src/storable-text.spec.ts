import { findUnstorableText, isUnstorableText, makeStorable, storableText, truncateText } from './storable-text';

describe('storable text (R50: what the store refuses is found before it is sent)', () => {
  it('tells a NUL and an unpaired surrogate from paired surrogates and other control characters', () => {
    for (const bad of ['\u0000', 'a\ud800', '\udc00b', 'x\ud83d\ude00\ud83d', '\ude00\ud83d'])
      expect(isUnstorableText(bad)).toBe(true);
    for (const good of ['', '滑川 太郎', '\ud83d\ude00', '\u0001\u001f\u007f\ufffd', 'tab\tline\n'])
      expect(isUnstorableText(good)).toBe(false);
  });

  it('replaces each bad code unit with U+FFFD and keeps the rest', () => {
    expect(storableText('a\u0000b\ud800c\ud83d\ude00\udc00')).toBe('a\ufffdb\ufffdc\ud83d\ude00\ufffd');
    expect(storableText('plain')).toBe('plain');
  });

  it('names the first bad string or key by its path, however deep', () => {
    expect(findUnstorableText({ a: 'ok', b: [1, { c: 'x\u0000' }] }, 'data')).toBe('data.b[1].c');
    expect(findUnstorableText({ ['k\ud800']: 1 })).toBe('k\ud800');
    expect(findUnstorableText({ a: ['ok', null, 3, true] })).toBeUndefined();
    let deep: unknown = 'bad\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toMatch(/^(\[0\]){100000}$/);
  });

  it('repairs a copy and leaves storable values as they are', () => {
    const good = { a: ['x'] };
    expect(makeStorable(good)).toBe(good);
    const bad = { ['k\u0000']: ['\ud800'], n: 1 };
    expect(makeStorable(bad)).toEqual({ ['k\ufffd']: ['\ufffd'], n: 1 });
    expect(bad).toEqual({ ['k\u0000']: ['\ud800'], n: 1 });
  });

  it('cuts text without leaving half of a surrogate pair', () => {
    const text = `${'a'.repeat(199)}😀`;
    expect(truncateText(text, 200)).toBe('a'.repeat(199));
    expect(isUnstorableText(text.slice(0, 200))).toBe(true);
    expect(truncateText('abc', 200)).toBe('abc');
  });
});
