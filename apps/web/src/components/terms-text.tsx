// The terms of use (利用規約) as people read them: version, date in force, each article.
import { useTranslation } from 'react-i18next';
import type { Terms } from '../api/views';
import { currentLanguage } from '../i18n';
import { formatDate } from '../lib/format';

export function TermsText({ terms, headingLevel = 2, id }: { terms: Terms; headingLevel?: 2 | 3; id?: string }) {
  const { t } = useTranslation();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div id={id}>
      <p className="text-solid-gray-700">
        {t('terms.version', { version: terms.version, date: formatDate(terms.effectiveFrom, currentLanguage()) })}
      </p>
      {/* The terms are Japanese legal text whatever the page's language. */}
      <div lang="ja" className="rounded-8 border border-solid-gray-420 p-4">
        {terms.articles.length > 0
          ? terms.articles.map((article) => (
              <section key={article.number}>
                <H className="mt-4 text-std-16B-170 first:mt-0">
                  {t('terms.article', { number: article.number })}
                  {article.title && `（${article.title}）`}
                </H>
                <p className="whitespace-pre-line">{article.body}</p>
              </section>
            ))
          : terms.text && <p className="whitespace-pre-line">{terms.text}</p>}
      </div>
    </div>
  );
}
