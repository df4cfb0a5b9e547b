// Requests: the queue waiting for an offer, oldest first, with each one's answer deadline
// (R7) and an overdue flag; a supervisor offers 1-3 slots picked from live availability
// (R12) or rejects with a reason. Offers waiting for the seeker's answer are listed below
// with the places they hold.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, PageHeading } from '../components/ui';
import { currentLanguage } from '../i18n';
import { formatDateTime, formatSlot, jstDate } from '../lib/format';
import { useSubmitGuard } from '../lib/use-submit-guard';
import { DayField, SlotChoice } from './slot-choice';
import { may } from './staff-session';
import { useStaff } from './use-staff';
import { Done, LastHeard, ReasonForm, StatusTag, TableWrap, usePolling } from './ui';
import { listReservations, offer, reject, type StaffReservation } from './views';

function OfferForm({
  reservation,
  onDone,
  onCancel,
}: {
  reservation: StaffReservation;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const firstDesired = reservation.desiredSlots[0];
  const [date, setDate] = useState(firstDesired ? jstDate(firstDesired) : '');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const sending = useSubmitGuard();
  const desiredDates = [...new Set(reservation.desiredSlots.map((s) => jstDate(s)))];
  const toggle = (start: string) =>
    setChosen((list) =>
      list.some((s) => Date.parse(s) === Date.parse(start))
        ? list.filter((s) => Date.parse(s) !== Date.parse(start))
        : [...list, start].slice(0, 3),
    );

  async function send() {
    await sending.run(async () => {
      if (chosen.length === 0) {
        setError(t('office.requests.chooseOne'));
        return;
      }
      setError(undefined);
      setFailure(undefined);
      try {
        await offer(reservation.id, [...chosen].sort());
        onDone(t('office.requests.offered', { number: reservation.number ?? '' }));
      } catch (e) {
        setFailure(e);
      }
    });
  }
  return (
    <div className="panel mt-3">
      <h3 className="mt-0">{t('office.requests.offerTitle')}</h3>
      <p>{t('office.requests.offerLead')}</p>
      {desiredDates.length > 0 && (
        <p className="flex flex-wrap items-center gap-2">
          <span>{t('office.requests.desiredDates')}</span>
          {desiredDates.map((d) => (
            <button key={d} type="button" className="btn-link" onClick={() => setDate(d)}>
              {d}
            </button>
          ))}
        </p>
      )}
      <DayField
        id={`offer-date-${reservation.id}`}
        label={t('office.requests.offerDate')}
        value={date}
        onChange={setDate}
      />
      {date && (
        <SlotChoice
          key={date}
          date={date}
          max={3 - chosen.filter((s) => jstDate(s) !== date).length}
          selected={chosen.filter((s) => jstDate(s) === date)}
          onToggle={(slot) => toggle(slot.start)}
          legend={t('office.requests.offerSlots')}
        />
      )}
      <div role="status" aria-live="polite">
        <p className="font-bold">{t('office.requests.chosen', { count: chosen.length })}</p>
      </div>
      {chosen.length > 0 && (
        <ul>
          {[...chosen].sort().map((s) => (
            <li key={s}>
              {formatSlot(s, language)}{' '}
              <button type="button" className="btn-link" onClick={() => toggle(s)}>
                {t('office.requests.remove')}
                <span className="sr-only">{formatSlot(s, language)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {failure !== undefined && <ErrorNotice error={failure} />}
      <div className="flex flex-wrap gap-3">
        <button type="button" className="btn btn-primary" aria-disabled={sending.busy} onClick={() => void send()}>
          {t('office.requests.sendOffer')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('office.cancelAction')}
        </button>
      </div>
    </div>
  );
}

export function RequestsPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { session } = useStaff();
  const list = usePolling(() => listReservations(), 'all', 15_000);
  const [open, setOpen] = useState<{ id: string; what: 'offer' | 'reject' }>();
  const [done, setDone] = useState<string>();
  const all = list.data ?? [];
  const queue = all
    .filter((r) => r.status === 'requested')
    .sort((a, b) => Date.parse(a.requestedAt) - Date.parse(b.requestedAt));
  const offered = all
    .filter((r) => r.status === 'offered')
    .sort((a, b) => Date.parse(a.requestedAt) - Date.parse(b.requestedAt));
  const finish = async (message: string) => {
    setDone(message);
    setOpen(undefined);
    await list.reload();
  };
  return (
    <>
      <PageHeading>{t('office.requests.title')}</PageHeading>
      <p>{t('office.requests.lead')}</p>
      <LastHeard at={list.lastHeard} onReload={() => void list.reload()} />
      <Done message={done} />
      {list.error !== undefined && <ErrorNotice error={list.error} />}
      <h2>{t('office.requests.queue', { count: queue.length })}</h2>
      {list.data && queue.length === 0 && <p>{t('office.requests.empty')}</p>}
      <ol className="m-0 list-none p-0">
        {queue.map((r) => (
          <li
            key={r.id}
            className={`mb-4 rounded-8 border p-4 ${r.overdue ? 'border-error-1 border-2' : 'border-solid-gray-420'}`}
            data-testid="request"
            aria-label={t('office.number', { number: r.number ?? r.id })}
          >
            <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
              <p className="m-0 text-std-18B-160">{t('office.number', { number: r.number ?? r.id })}</p>
              {r.overdue ? (
                <span className="tag bg-error-1 text-white">{t('office.requests.overdue')}</span>
              ) : (
                <StatusTag status={r.status} />
              )}
            </div>
            <dl className="summary mt-2">
              <div>
                <dt>{t('office.requests.requestedAt')}</dt>
                <dd>{formatDateTime(r.requestedAt, language)}</dd>
              </div>
              <div>
                <dt>{t('office.requests.answerDueBy')}</dt>
                <dd className={r.overdue ? 'font-bold text-error-1' : undefined}>
                  {formatDateTime(r.answerDueBy, language)}
                </dd>
              </div>
              <div>
                <dt>{t('office.requests.desired')}</dt>
                <dd>
                  <ul className="m-0">
                    {r.desiredSlots.map((s) => (
                      <li key={s}>{formatSlot(s, language)}</li>
                    ))}
                  </ul>
                </dd>
              </div>
              <div>
                <dt>{t('office.requests.topic')}</dt>
                <dd>
                  {r.topic}
                  {r.mayNeedCounter && <strong className="block">{t('office.today.mayNeedCounter')}</strong>}
                </dd>
              </div>
              {r.attendee && (
                <div>
                  <dt>{t('office.requests.attendee')}</dt>
                  <dd>
                    {t(`office.today.attendee.${r.attendee.kind}`)}：{r.attendee.note}
                  </dd>
                </div>
              )}
            </dl>
            {may(session, 'offer') && (
              <div className="mt-3 flex flex-wrap gap-2">
                <button
                  type="button"
                  className="btn btn-primary"
                  aria-expanded={open?.id === r.id && open.what === 'offer'}
                  onClick={() => setOpen({ id: r.id, what: 'offer' })}
                >
                  {t('office.requests.offer')}
                </button>
                <button
                  type="button"
                  className="btn btn-danger"
                  aria-expanded={open?.id === r.id && open.what === 'reject'}
                  onClick={() => setOpen({ id: r.id, what: 'reject' })}
                >
                  {t('office.requests.reject')}
                </button>
              </div>
            )}
            {open?.id === r.id && open.what === 'offer' && (
              <OfferForm reservation={r} onDone={(m) => void finish(m)} onCancel={() => setOpen(undefined)} />
            )}
            {open?.id === r.id && open.what === 'reject' && (
              <ReasonForm
                id={`reject-${r.id}`}
                label={t('office.requests.rejectReason')}
                hint={t('office.requests.rejectHint')}
                submitLabel={t('office.requests.rejectSubmit')}
                danger
                onCancel={() => setOpen(undefined)}
                onSubmit={async (reason) => {
                  await reject(r.id, reason);
                  await finish(t('office.requests.rejected', { number: r.number ?? '' }));
                }}
              />
            )}
          </li>
        ))}
      </ol>
      <h2>{t('office.requests.holds', { count: offered.length })}</h2>
      {offered.length === 0 ? (
        <p>{t('office.requests.noHolds')}</p>
      ) : (
        <TableWrap label={t('office.requests.holds', { count: offered.length })}>
          <table className="w-full border-collapse text-left">
            <thead>
              <tr className="border-b-2 border-solid-gray-420">
                <th scope="col" className="p-2">
                  {t('office.requests.numberCol')}
                </th>
                <th scope="col" className="p-2">
                  {t('office.requests.heldSlots')}
                </th>
                <th scope="col" className="p-2">
                  {t('office.requests.requestedAt')}
                </th>
              </tr>
            </thead>
            <tbody>
              {offered.map((r) => (
                <tr key={r.id} className="border-b border-solid-gray-200">
                  <td className="p-2">{r.number ?? r.id}</td>
                  <td className="p-2">{r.offeredSlots.map((s) => formatSlot(s, language)).join(' / ')}</td>
                  <td className="p-2">{formatDateTime(r.requestedAt, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
