// My reservations: each with its status in words, the dates that matter, its history as
// a timeline, and the actions it allows now.
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { getReservation, isNotFound, listReservations, type Reservation } from '../api/views';
import { ErrorNotice, Loading, PageHeading, PhoneLink } from '../components/ui';
import { currentLanguage } from '../i18n';
import { formatDateTime, formatSlot } from '../lib/format';
import { downloadIcs } from '../lib/ics';
import { useLoad } from '../lib/use-load';
import { useOffice } from '../lib/use-office';

const TONE: Record<string, string> = {
  requested: 'tag-blue',
  offered: 'tag-orange',
  confirmed: 'tag-green',
  invited: 'tag-green',
  in_session: 'tag-green',
};

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`tag ${TONE[status] ?? 'tag-gray'}`}>{t(`reservations.statuses.${status}`)}</span>;
}

/** The time that matters most for a reservation now. */
function keySlots(reservation: Reservation): { label: string; slots: string[] } {
  if (reservation.slot) return { label: 'reservations.slot', slots: [reservation.slot] };
  if (reservation.status === 'offered' && reservation.offeredSlots.length > 0)
    return { label: 'reservations.offered', slots: reservation.offeredSlots };
  return { label: 'reservations.desired', slots: reservation.desiredSlots };
}

export function ReservationsPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const list = useLoad(listReservations, 'list');
  return (
    <>
      <PageHeading>{t('reservations.title')}</PageHeading>
      <p>{t('reservations.lead')}</p>
      <p>
        <Link to="/request" className="btn btn-secondary">
          {t('reservations.newRequest')}
        </Link>
      </p>
      {list.loading && <Loading />}
      {list.error !== undefined && <ErrorNotice error={list.error} />}
      {list.data?.length === 0 && <p>{t('reservations.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <ul className="list-none pl-0">
          {list.data.map((reservation) => {
            const { label, slots } = keySlots(reservation);
            return (
              <li key={reservation.id} className="panel">
                <div className="flex flex-wrap items-center gap-3">
                  <StatusTag status={reservation.status} />
                  {reservation.number && (
                    <span className="text-dns-16N-130">
                      {t('reservations.number')}: <strong className="tracking-wider">{reservation.number}</strong>
                    </span>
                  )}
                </div>
                <p className="mb-1 mt-3 text-dns-14N-130 text-solid-gray-700">{t(label)}</p>
                <ul className="mb-3 list-none pl-0">
                  {slots.map((slot) => (
                    <li key={slot} className="font-bold">
                      {formatSlot(slot, language)}
                    </li>
                  ))}
                </ul>
                {reservation.actions.consent && (
                  <p className="mb-2">
                    <Link to={`/reservations/${reservation.id}/choose`} className="btn btn-primary">
                      {t('reservations.choose')}
                    </Link>
                  </p>
                )}
                <Link to={`/reservations/${reservation.id}`}>
                  {t('reservations.view', { number: reservation.number ?? '' })}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

export function ReservationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const language = currentLanguage();
  const office = useOffice();
  const loaded = useLoad(() => getReservation(id), id);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error !== undefined || !loaded.data)
    return (
      <>
        <PageHeading>{t('reservations.title')}</PageHeading>
        {isNotFound(loaded.error) ? <p>{t('reservations.notFound')}</p> : <ErrorNotice error={loaded.error} />}
        <Link to="/reservations">{t('layout.back')}</Link>
      </>
    );
  const reservation = loaded.data;
  const phone = reservation.officePhone ?? office?.phone;
  const { actions } = reservation;
  const explain = t(`reservations.explain.${reservation.status}`);
  return (
    <>
      <p className="mb-6">
        <Link to="/reservations">‹ {t('reservations.title')}</Link>
      </p>
      <PageHeading caption={reservation.number ? `${t('reservations.number')} ${reservation.number}` : undefined}>
        {t(`reservations.statuses.${reservation.status}`)}
      </PageHeading>
      {explain && <p className="text-std-18N-160">{explain}</p>}

      <dl className="summary">
        {reservation.number && (
          <div>
            <dt>{t('reservations.number')}</dt>
            <dd className="font-bold tracking-wider">{reservation.number}</dd>
          </div>
        )}
        <div>
          <dt>{t('reservations.status')}</dt>
          <dd>
            <StatusTag status={reservation.status} />
          </dd>
        </div>
        {reservation.slot && (
          <div>
            <dt>{t('reservations.slot')}</dt>
            <dd className="font-bold">{formatSlot(reservation.slot, language)}</dd>
          </div>
        )}
        {reservation.status === 'offered' && (
          <div>
            <dt>{t('reservations.offered')}</dt>
            <dd>
              <ul className="mb-0 list-none pl-0">
                {reservation.offeredSlots.map((slot) => (
                  <li key={slot}>{formatSlot(slot, language)}</li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        {reservation.replyBy && reservation.status === 'offered' && (
          <div>
            <dt>{t('reservations.replyBy')}</dt>
            <dd className="font-bold">{formatDateTime(reservation.replyBy, language)}</dd>
          </div>
        )}
        {reservation.officeAnswersBy && reservation.status === 'requested' && (
          <div>
            <dt>{t('reservations.officeAnswersBy')}</dt>
            <dd>{formatDateTime(reservation.officeAnswersBy, language)}</dd>
          </div>
        )}
        <div>
          <dt>{t('reservations.desired')}</dt>
          <dd>
            <ol className="mb-0">
              {reservation.desiredSlots.map((slot) => (
                <li key={slot}>{formatSlot(slot, language)}</li>
              ))}
            </ol>
          </dd>
        </div>
        {reservation.topic && (
          <div>
            <dt>{t('reservations.topic')}</dt>
            <dd className="whitespace-pre-line">
              {reservation.topic}
              {reservation.mayNeedCounter && (
                <span className="mt-1 block text-warning-orange-2">{t('reservations.mayNeedCounter')}</span>
              )}
            </dd>
          </div>
        )}
      </dl>

      <h2>{t('reservations.actions')}</h2>
      <div className="flex flex-col items-start gap-3">
        {actions.consent && (
          <Link to={`/reservations/${reservation.id}/choose`} className="btn btn-primary">
            {t('reservations.choose')}
          </Link>
        )}
        {actions.join && (
          <Link to={`/reservations/${reservation.id}/join`} className="btn btn-primary">
            {t('reservations.join')}
          </Link>
        )}
        {reservation.slot && ['confirmed', 'invited'].includes(reservation.status) && (
          <button type="button" className="btn-link" onClick={() => void downloadIcs(reservation, t('meta.service'))}>
            {t('reservations.calendar')}
          </button>
        )}
        {actions.cancel && (
          <Link to={`/reservations/${reservation.id}/cancel`} className="btn btn-danger">
            {t('reservations.cancel')}
          </Link>
        )}
        {actions.cancelByPhone && phone && (
          <p className="notice notice-warning mb-0">
            {t('reservations.callToCancel', { phone: '' })}
            <PhoneLink phone={phone} />
          </p>
        )}
        {!actions.consent && !actions.join && !actions.cancel && !actions.cancelByPhone && (
          <p>{t('reservations.noActions')}</p>
        )}
      </div>

      <h2>{t('reservations.timeline')}</h2>
      <ol className="timeline list-none border-l-4 border-blue-200 pl-0">
        {reservation.timeline.map((entry, index) => (
          <li key={`${entry.type}-${entry.at}-${index}`} className="relative mb-4 pl-6">
            <span aria-hidden="true" className="absolute -left-[10px] top-2 h-4 w-4 rounded-full bg-blue-900" />
            <span className="block text-dns-14N-130 text-solid-gray-700">
              <time dateTime={entry.at}>{formatDateTime(entry.at, language)}</time>
            </span>
            <span className="font-bold">
              {t(`reservations.events.${entry.type}`, { defaultValue: t('reservations.events.other') })}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
