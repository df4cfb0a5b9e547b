// Choose an offered slot (R12, R13): the offered times, the terms version with its text
// and the meeting app's terms (R32), and consent by pressing one button. After the
// deadline (R6) the page says so instead.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { choosableUntil, getReservation, getTerms, type Reservation, type Terms } from '../api/views';
import { RadioChoices } from '../components/fields';
import { TermsText } from '../components/terms-text';
import { ErrorNotice, ErrorSummary, Loading, PageHeading, PhoneLink, useErrorText } from '../components/ui';
import { currentLanguage } from '../i18n';
import { formatDateTime, formatSlot } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { useOffice } from '../lib/use-office';
import { useSubmitGuard } from '../lib/use-submit-guard';

export function ChoosePage() {
  const { id = '' } = useParams();
  const loaded = useLoad(() => Promise.all([getReservation(id), getTerms()]), id);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) return <ErrorNotice error={loaded.error} />;
  const [reservation, terms] = loaded.data;
  return <ChooseForm reservation={reservation} terms={terms} />;
}

function ChooseForm({ reservation, terms }: { reservation: Reservation; terms: Terms }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const office = useOffice();
  const errorText = useErrorText();
  const phone = reservation.officePhone ?? office?.phone ?? '';
  const [now] = useState(() => Date.now());
  const open = reservation.offeredSlots.filter((slot) => Date.parse(choosableUntil(slot)) >= now);
  const [slot, setSlot] = useState(open.length === 1 ? open[0] : '');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const sending = useSubmitGuard();
  const [confirmed, setConfirmed] = useState<string>();
  const appName = terms.meetingApp?.name ?? t('choose.meetingAppDefault');

  if (confirmed)
    return (
      <>
        <div className="confirmation">
          <PageHeading>{t('choose.doneTitle')}</PageHeading>
        </div>
        <p className="text-std-18N-160">{t('choose.done', { slot: formatSlot(confirmed, language) })}</p>
        <Link to={`/reservations/${reservation.id}`} className="btn btn-primary">
          {t('choose.viewReservation')}
        </Link>
      </>
    );

  if (reservation.status !== 'offered' || open.length === 0) {
    const lapsed = reservation.status === 'lapsed' || (reservation.status === 'offered' && open.length === 0);
    return (
      <>
        <PageHeading>{lapsed ? t('choose.afterDeadlineTitle') : t('choose.title')}</PageHeading>
        {lapsed ? (
          <p>
            {t('choose.afterDeadline', { phone })} {phone && <PhoneLink phone={phone} />}
          </p>
        ) : (
          <p>{t('choose.notOffered')}</p>
        )}
        <Link to={`/reservations/${reservation.id}`}>{t('choose.viewReservation')}</Link>
      </>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!slot) {
      setError(t('validation.chooseOffered'));
      return;
    }
    setError(undefined);
    setFailure(undefined);
    try {
      // Kept shut after a success: the page says it is confirmed, and nothing is sent again.
      await sending.run(
        async () => {
          await unwrap(
            api.POST('/api/v1/reservations/{id}/consent', {
              params: { path: { id: reservation.id } },
              body: { slot, termsVersion: terms.version },
            }),
          );
          setConfirmed(slot);
        },
        { hold: true },
      );
    } catch (caught) {
      setFailure(caught);
    }
  }

  return (
    <>
      <ErrorSummary problems={error ? [{ id: 'offered-slot', message: error }] : []} />
      {failure !== undefined && (
        <div role="alert" className="notice-error">
          <p className="mb-0 font-bold">{errorText(failure)}</p>
        </div>
      )}
      <PageHeading caption={reservation.number}>{t('choose.title')}</PageHeading>
      <p>{t('choose.lead')}</p>
      {reservation.replyBy && (
        <p className="font-bold">{t('choose.deadline', { date: formatDateTime(reservation.replyBy, language) })}</p>
      )}
      <form noValidate onSubmit={submit}>
        <RadioChoices
          id="offered-slot"
          label={t('choose.legend')}
          value={slot}
          onChange={setSlot}
          error={error}
          options={reservation.offeredSlots.map((offered) => {
            const until = choosableUntil(offered);
            const closed = Date.parse(until) < now;
            return {
              value: offered,
              isDisabled: closed,
              label: (
                <>
                  <span className="block font-bold">{formatSlot(offered, language)}</span>
                  <span className="block text-dns-14N-130 text-solid-gray-700">
                    {closed
                      ? t('choose.slotClosed')
                      : t('choose.slotDeadline', { date: formatDateTime(until, language) })}
                  </span>
                </>
              ),
            };
          })}
        />
        <h2>{t('choose.termsTitle')}</h2>
        <TermsText terms={terms} headingLevel={3} />
        <p className="mt-4">{t('choose.meetingApp', { name: appName })}</p>
        {terms.meetingApp && (
          <p>
            <a href={terms.meetingApp.termsUrl} target="_blank" rel="noopener noreferrer">
              {t('choose.meetingAppLink', { name: appName })}
            </a>
          </p>
        )}
        <p id="consent-note" className="notice">
          {t('choose.consentNote', { version: terms.version, name: appName })}
        </p>
        <button type="submit" className="btn btn-primary" aria-disabled={sending.busy} aria-describedby="consent-note">
          {sending.busy ? t('choose.sending') : t('choose.consent')}
        </button>
      </form>
    </>
  );
}
