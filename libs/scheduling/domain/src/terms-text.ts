// R30/R32: terms as people read them. A version's text is plain text: a title line, a
// preamble, then articles, each opening with a line `第N条（見出し）`; what follows the last
// article's text after a blank line and names a date (`令和5年4月1日`) is the date line,
// not part of the article.

export interface TermsArticle {
  number: number;
  title: string;
  body: string;
}

export interface ReadableTerms {
  title: string;
  preamble: string;
  articles: TermsArticle[];
}

const ARTICLE = /^第([0-9０-９]+)条[（(]([^）)]+)[）)]\s*$/;
const DATE_LINE = /^(令和|平成)[0-9０-９元]+年[0-9０-９]+月[0-9０-９]+日$/;

const toNumber = (digits: string) =>
  Number(digits.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));

/** The articles of a terms text; a text without article lines has none (its preamble is the whole). */
export function readTerms(text: string): ReadableTerms {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const firstArticle = lines.findIndex((line) => ARTICLE.test(line.trim()));
  const head = (firstArticle < 0 ? lines : lines.slice(0, firstArticle)).join('\n').trim();
  const [title = '', ...rest] = head.split('\n');
  const articles: TermsArticle[] = [];
  if (firstArticle >= 0) {
    let current: { number: number; title: string; lines: string[] } | undefined;
    const close = () => {
      if (current) articles.push({ number: current.number, title: current.title, body: bodyOf(current.lines) });
    };
    for (const line of lines.slice(firstArticle)) {
      const match = ARTICLE.exec(line.trim());
      if (match) {
        close();
        current = { number: toNumber(match[1]), title: match[2].trim(), lines: [] };
      } else current!.lines.push(line);
    }
    close();
  }
  return { title: title.trim(), preamble: rest.join('\n').trim(), articles };
}

function bodyOf(lines: string[]): string {
  const paragraphs = lines
    .join('\n')
    .trim()
    .split(/\n\s*\n/);
  // The date the terms were made, after the last article, belongs to the whole.
  while (paragraphs.length > 1 && DATE_LINE.test(paragraphs.at(-1)!.trim())) paragraphs.pop();
  return paragraphs.join('\n\n').trim();
}
