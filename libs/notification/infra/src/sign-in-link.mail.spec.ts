// R63: the sign-in link mail in the seeker's language; Japanese stays the default.
import { signInLinkMail } from './sign-in-link.mail';

const office = { name: 'ハローワーク滑川', phone: '076-475-0324' };
const request = {
  email: 'taro@example.jp',
  name: '滑川 太郎',
  link: 'https://soudan.example.jp/auth/seeker#token=abc',
  expiresAt: '2026-12-05T02:15:00.000Z',
};

describe('the sign-in link mail', () => {
  it('R63: the sign-in link in easy Japanese: さん, the link, the expiry said plainly', () => {
    const mail = signInLinkMail({ ...request, language: 'ja-easy' }, office);
    expect(mail.subject).toBe('【ハローワーク滑川】オンライン相談にログインするためのリンク');
    expect(mail.text.startsWith('滑川 太郎 さん\n')).toBe(true);
    expect(mail.text).toContain('\nhttps://soudan.example.jp/auth/seeker#token=abc\n');
    expect(mail.text).toContain('■ 使える時間: 2026年12月5日（土よう日） 11時15分まで（15分間だけ、1回だけ使えます）');
    expect(mail.text).toContain('電話 076-475-0324（月曜日から金曜日の10時から16時まで。');
    expect(mail.text).not.toMatch(/様|ログイン用リンクのお知らせ/);
  });

  it('R63: Japanese by default, English when chosen', () => {
    expect(signInLinkMail({ ...request, language: 'ja' }, office).text).toMatch(/^滑川 太郎 様\n/);
    expect(signInLinkMail({ ...request, language: 'en' }, office).text).toMatch(/^Dear 滑川 太郎,\n/);
  });
});
