import type { CurrentTerms } from '@soudan/scheduling-contracts';
import { termsPage } from './terms-page';

const terms: CurrentTerms = {
  version: '2023-04-01',
  effectiveFrom: '2023-03-31T15:00:00.000Z',
  body: '',
  text: 'オンライン職業相談等利用規約\n\n前文です。\n\n第1条（目的）\n機会を<提供>します。',
  title: 'オンライン職業相談等利用規約',
  preamble: '前文です。',
  articles: [{ number: 1, title: '目的', body: '機会を<提供>します。\n(1) 一\n(2) 二' }],
  meetingApp: { name: 'Tele office', termsUrl: 'https://meet.example/terms?a=1&b=2' },
  changeSummary: '制定',
  upcoming: [],
};

describe('the terms page (R30, R32)', () => {
  it('R30: shows each article under its heading, escaped, in Japanese, with the version and its date', () => {
    const html = termsPage(terms);
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('<h1>オンライン職業相談等利用規約</h1>');
    expect(html).toContain('版 2023-04-01（2023年4月1日 施行）');
    expect(html).toContain('<h2>第1条（目的）</h2><p>機会を&#60;提供&#62;します。<br>(1) 一<br>(2) 二</p>');
    expect(html).not.toContain('<提供>');
  });

  it("R32: links the meeting app's own terms", () => {
    expect(termsPage(terms)).toContain('<a href="https://meet.example/terms?a=1&#38;b=2">');
  });

  it('R30: a published text without articles is shown as its lines', () => {
    const html = termsPage({ ...terms, articles: [], text: '規約\n\n本文' });
    expect(html).toContain('<p>規約</p><p>本文</p>');
  });
});
