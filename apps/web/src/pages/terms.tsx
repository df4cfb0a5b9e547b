import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getTerms } from '../api/views';
import { TermsText } from '../components/terms-text';
import { ErrorNotice, Loading, PageHeading } from '../components/ui';
import { useLoad } from '../lib/use-load';

/** The terms of use (利用規約, Art. 1-14) as a page of their own. */
export function TermsPage() {
  const { t } = useTranslation();
  const terms = useLoad(getTerms, 'terms');
  return (
    <>
      <PageHeading>{t('terms.title')}</PageHeading>
      {terms.loading && <Loading />}
      {terms.error !== undefined && <ErrorNotice error={terms.error} />}
      {terms.data && <TermsText terms={terms.data} />}
    </>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.text')}</p>
      <Link to="/">{t('notFound.home')}</Link>
    </>
  );
}
