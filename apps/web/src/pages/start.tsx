// Start: what online consultation is, who can use it (R40), what cannot be done online
// (R23), what to prepare (the flyer), the steps, hours and the office phone.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading, PhoneLink } from '../components/ui';
import { useOffice } from '../lib/use-office';
import { useSession } from '../lib/use-session';

export function StartPage() {
  const { t } = useTranslation();
  const office = useOffice();
  const { signedIn } = useSession();
  const list = (key: string) => t(key, { returnObjects: true }) as string[];
  return (
    <>
      <PageHeading>{t('start.title')}</PageHeading>
      <p className="text-std-18N-160">{t('start.lead')}</p>
      <div className="my-8 flex flex-wrap gap-4">
        <Link to={signedIn ? '/request' : '/sign-in?next=/request'} className="btn btn-primary">
          {t('start.requestButton')}
          <span aria-hidden="true">›</span>
        </Link>
        <Link to={signedIn ? '/reservations' : '/sign-in?next=/reservations'} className="btn btn-secondary">
          {t('start.reservationsButton')}
        </Link>
      </div>

      <h2>{t('start.whoTitle')}</h2>
      <ul>
        {list('start.who').map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>

      <h2>{t('start.cannotTitle')}</h2>
      <ul>
        {list('start.cannot').map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <p>{t('start.cannotNote')}</p>

      <h2>{t('start.prepareTitle')}</h2>
      <ul>
        {list('start.prepare').map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <p>
        <Link to="/device-check">{t('start.deviceCheckLink')}</Link>
      </p>

      <h2>{t('start.stepsTitle')}</h2>
      <ol>
        {list('start.steps').map((item) => (
          <li key={item} className="mb-2">
            {item}
          </li>
        ))}
      </ol>

      <h2>{t('start.hoursTitle')}</h2>
      <div className="panel">
        {office && (
          <>
            <p className="mb-1 font-bold">{office.name}</p>
            <p className="mb-1">{t('start.hours', { open: office.hours.open, close: office.hours.close })}</p>
            <p className="mb-0">
              {t('start.phone', { phone: '' })}
              <PhoneLink phone={office.phone} />
            </p>
          </>
        )}
      </div>
      <p>
        <Link to="/terms">{t('start.termsLink')}</Link>
      </p>
    </>
  );
}
