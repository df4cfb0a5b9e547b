// R30, R32: the terms in force as a page people read (GET /terms/current with
// Accept: text/html): title, preamble, each article under its heading, the meeting app's
// own terms linked. Text only, escaped; a published text without articles shows as lines.
import type { CurrentTerms } from '@soudan/scheduling-contracts';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => `<p>${p.trim().split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('');

/** The Japanese date of an instant in Japan time (`2023年4月1日`). */
function jstDay(instant: string): string {
  const d = new Date(new Date(instant).getTime() + 9 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export function termsPage(terms: CurrentTerms): string {
  const title = terms.title || '利用規約';
  const articles = terms.articles
    .map(
      (a) =>
        `<section id="art-${a.number}"><h2>第${a.number}条（${escapeHtml(a.title)}）</h2>${paragraphs(a.body)}</section>`,
    )
    .join('');
  const body = terms.articles.length > 0 ? `${paragraphs(terms.preamble)}${articles}` : paragraphs(terms.text);
  const app = terms.meetingApp;
  return [
    '<!doctype html><html lang="ja"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:sans-serif;line-height:1.8;max-width:46em;margin:0 auto;padding:1em}h2{font-size:1.1em;margin-top:1.6em}</style>',
    '</head><body><main>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>版 ${escapeHtml(terms.version)}（${jstDay(terms.effectiveFrom)} 施行）</p>`,
    body,
    `<p>オンライン相談には ${escapeHtml(app.name)} を使います。${escapeHtml(app.name)} の利用規約: <a href="${escapeHtml(app.termsUrl)}">${escapeHtml(app.termsUrl)}</a></p>`,
    '</main></body></html>',
  ].join('');
}
