import { readFileSync } from 'node:fs';
import { readTerms } from './terms-text';

const BUILT_IN = readFileSync(new URL('../../infra/assets/terms-2023-04-01.ja.txt', import.meta.url), 'utf8');

describe('terms as people read them (R30, R32)', () => {
  it('R30: the built-in terms are articles 1 to 14 of the 利用規約 with their titles, nothing of the flyer', () => {
    const terms = readTerms(BUILT_IN);
    expect(terms.title).toBe('オンライン職業相談等利用規約');
    expect(terms.preamble).toMatch(/^ハローワーク滑川（以下「当ハローワーク」といいます。）/);
    expect(terms.articles.map((a) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(terms.articles[0]).toEqual({
      number: 1,
      title: '目的',
      body: '当ハローワークのサービス提供方法の一つとして、オンラインでの職業相談等の機会を提供します。',
    });
    expect(terms.articles.map((a) => a.title)).toContain('通信に使用するアプリケーションソフト');
    // No Markdown, no flyer (事前予約制, 二次元バーコード), no broken lines inside a sentence.
    expect(BUILT_IN).not.toMatch(/^#|\*\*|二次元バーコード|事前予約制|\]\(/m);
    expect(terms.articles[4].body).toContain('オンライン職業相談等を利用することとします。');
    expect(terms.articles[13].body).not.toContain('令和5年4月1日');
    expect(BUILT_IN.trim().endsWith('令和5年4月1日')).toBe(true);
  });

  it('R32: Art. 4 names the meeting app whose own terms the seeker also accepts', () => {
    const art4 = readTerms(BUILT_IN).articles.find((a) => a.number === 4)!;
    expect(art4.body).toContain('Tele office 利用規約にも同意');
  });

  it('R30: a published text without article lines is all preamble; full-width numbers and brackets are read', () => {
    expect(readTerms('利用規約\n本文のみ')).toEqual({ title: '利用規約', preamble: '本文のみ', articles: [] });
    expect(readTerms('規約\n\n第１２条(留意)\n本文\n').articles).toEqual([{ number: 12, title: '留意', body: '本文' }]);
  });

  it('R30: the title, preamble and articles are read however the text is laid out (line ends, blanks, indents)', () => {
    const text = [
      '',
      '  利用規約  ',
      '前文の一行目',
      '詳しくは次の第2条（定義）',
      '',
      '　第1条（ 目的 ）',
      '第5条（禁止事項）に違反したときは、利用を停止します。',
      '第2条(定義)  ',
      '本文1',
      '',
      '本文2  ',
      '   ',
      '  令和10年12月15日',
      '',
      '',
    ];
    const expected = {
      title: '利用規約',
      preamble: '前文の一行目\n詳しくは次の第2条（定義）',
      articles: [
        { number: 1, title: '目的', body: '第5条（禁止事項）に違反したときは、利用を停止します。' },
        { number: 2, title: '定義', body: '本文1\n\n本文2' },
      ],
    };
    expect(readTerms(text.join('\n'))).toEqual(expected);
    expect(readTerms(text.join('\r\n'))).toEqual(expected);
    expect(readTerms(text.join('\r'))).toEqual(expected);
  });

  it('R30: a text that opens with an article has no title or preamble', () => {
    expect(readTerms('第1条（目的）\n本文')).toEqual({
      title: '',
      preamble: '',
      articles: [{ number: 1, title: '目的', body: '本文' }],
    });
  });

  it('R30: only a paragraph that is a date alone, after others, is the date line; a sentence with a date is article text', () => {
    const last = (body: string) => readTerms(`規約\n第1条（附則）\n${body}`).articles[0].body;
    expect(last('令和5年4月1日')).toBe('令和5年4月1日');
    expect(last('本文\n\n令和5年4月1日から施行します。')).toBe('本文\n\n令和5年4月1日から施行します。');
    expect(last('本文\n\n施行日 令和5年4月1日')).toBe('本文\n\n施行日 令和5年4月1日');
    expect(last('本文\n\n平成31年4月1日')).toBe('本文');
  });
});
