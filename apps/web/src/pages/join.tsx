// Join (R15): from 15 minutes before, the 参加する button records the join and opens the
// room (a POST to the meeting link, /join/{token}; a GET of the link records nothing);
// the checklist, a device check and an .ics download around it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { getReservation } from '../api/views';
import { ErrorNotice, Loading, PageHeading, PhoneLink } from '../components/ui';
import { currentLanguage } from '../i18n';
import { formatSlot, formatTime } from '../lib/format';
import { downloadIcs } from '../lib/ics';
import { useLoad } from '../lib/use-load';
import { useOffice } from '../lib/use-office';
import { DeviceCheck } from './device-check';

const OPENS_BEFORE_MS = 15 * 60_000;
const SLOT_MS = 30 * 60_000;

function useNow(intervalMs = 15_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function JoinPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const language = currentLanguage();
  const office = useOffice();
  const now = useNow();
  const loaded = useLoad(() => getReservation(id), id);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) return <ErrorNotice error={loaded.error} />;
  const reservation = loaded.data;
  const phone = reservation.officePhone ?? office?.phone;
  const start = reservation.slot ? Date.parse(reservation.slot) : undefined;
  const opens = start !== undefined ? start - OPENS_BEFORE_MS : undefined;
  const over = start !== undefined && now > start + SLOT_MS;
  const open = opens !== undefined && now >= opens && !over;
  const opensAt = opens !== undefined ? formatTime(new Date(opens).toISOString(), language) : '';

  return (
    <>
      <p className="mb-6">
        <Link to={`/reservations/${reservation.id}`}>‹ {t('choose.viewReservation')}</Link>
      </p>
      <PageHeading caption={reservation.number}>{t('join.title')}</PageHeading>
      {reservation.slot && (
        <p className="text-std-20B-150">{t('join.when', { slot: formatSlot(reservation.slot, language) })}</p>
      )}
      {!reservation.meetingUrl ? (
        <p>{t('join.noLink')}</p>
      ) : over ? (
        <p>{t('join.over')}</p>
      ) : (
        <div className="panel">
          <p className="font-bold">{open ? t('join.open') : t('join.opensAt', { time: opensAt })}</p>
          {open ? (
            // A POST records the join (R15); a GET of the link only looks, as mail scanners do.
            <form method="post" action={reservation.meetingUrl}>
              <button type="submit" className="btn btn-primary text-std-20B-150">
                {t('join.joinButton')}
              </button>
            </form>
          ) : (
            <span role="link" aria-disabled="true" className="btn btn-primary" aria-describedby="join-opens">
              {t('join.joinNotYet', { time: opensAt })}
            </span>
          )}
          <span id="join-opens" className="sr-only">
            {t('join.opensAt', { time: opensAt })}
          </span>
          <p className="mb-0 mt-4 text-dns-14N-130">
            {t('join.linkLabel')}
            <br />
            <a href={reservation.meetingUrl} className="break-all" data-testid="meeting-link">
              {new URL(reservation.meetingUrl, window.location.origin).href}
            </a>
          </p>
        </div>
      )}
      <h2>{t('join.checklistTitle')}</h2>
      <ul className="list-none pl-0">
        {(t('join.checklist', { returnObjects: true }) as string[]).map((item) => (
          <li key={item} className="mb-2 flex gap-2">
            <span aria-hidden="true">☐</span>
            {item}
          </li>
        ))}
      </ul>
      {reservation.slot && (
        <p>
          <button type="button" className="btn-link" onClick={() => void downloadIcs(reservation, t('meta.service'))}>
            {t('join.ics')}
          </button>
        </p>
      )}
      <DeviceCheck />
      {phone && (
        <p>
          {t('join.phone', { phone: '' })}
          <PhoneLink phone={phone} />
        </p>
      )}
    </>
  );
}
