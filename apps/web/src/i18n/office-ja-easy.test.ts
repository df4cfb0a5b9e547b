import { describe, expect, it } from 'vitest';
import { officeJa } from './office-ja';
import { officeJaEasy } from './office-ja-easy';

/** Every string of a catalog by its dotted key (lists by index). */
function strings(node: unknown, prefix = ''): Array<[string, string]> {
  if (typeof node === 'string') return [[prefix, node]];
  return Object.entries(node as object).flatMap(([key, value]) => strings(value, prefix ? `${prefix}.${key}` : key));
}

const placeholders = (text: string) => (text.match(/\{\{[^}]*\}\}/g) ?? []).sort();

describe('the console in やさしい にほんご (office-ja-easy.ts)', () => {
  const ja = new Map(strings(officeJa));
  const easy = new Map(strings(officeJaEasy));

  it('has a string for every key of the Japanese console and no other', () => {
    expect([...easy.keys()]).toEqual([...ja.keys()]);
  });

  it('has no empty string, and keeps each text’s placeholders', () => {
    for (const [key, text] of easy) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(ja.get(key) ?? ''));
    }
  });

  it('is its own text, not the standard Japanese copied', () => {
    expect(officeJaEasy).not.toBe(officeJa);
    const same = [...easy].filter(
      ([key, text]) => text === ja.get(key) && /[\u3040-\u30ff\u4e00-\u9fff]{4}/.test(text),
    );
    // a few short official words (パスワード, ユーザー名 …) may read the same in both
    expect(same.length).toBeLessThan(easy.size / 10);
  });
});
