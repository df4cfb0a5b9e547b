// Alerts: overdue requests (R7), undeliverable mail (R62), no-show reviews (R19, R21),
// unreadable e-mail replies with their subject and the reservation they name (R61), dead
// letters and access-record alerts (R50). A supervisor resolves each with a note.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNotice, PageHeading } from '../components/ui';
import { currentLanguage } from '../i18n';
import { formatDateTime } from '../lib/format';
import { may } from './staff-session';
import { Done, LastHeard, ReasonForm, usePolling } from './ui';
import { useStaff } from './use-staff';
import { getAlerts, resolveAlert } from './views';

type Kind =
  'overdueRequests' | 'undeliverableMail' | 'noShowReviews' | 'unreadableReplies' | 'deadLetters' | 'accessRecord';
const KINDS: Kind[] = [
  'overdueRequests',
  'undeliverableMail',
  'noShowReviews',
  'unreadableReplies',
  'deadLetters',
  'accessRecord',
];
const RESOLVABLE: Kind[] = ['undeliverableMail', 'unreadableReplies', 'deadLetters', 'accessRecord'];

const str = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

export function AlertsPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { session } = useStaff();
  const alerts = usePolling(getAlerts, 'alerts', 15_000);
  const [open, setOpen] = useState<string>();
  const [done, setDone] = useState<string>();
  const when = (value: unknown) => (str(value) ? formatDateTime(str(value)!, language) : '');

  function lines(kind: Kind, item: Record<string, unknown>): Array<[string, ReactNode]> {
    switch (kind) {
      case 'overdueRequests':
        return [
          [t('office.alerts.reservation'), str(item.reservationId)],
          [t('office.requests.requestedAt'), when(item.requestedAt)],
          [t('office.requests.answerDueBy'), when(item.answerDueBy)],
        ];
      case 'undeliverableMail':
        return [
          [t('office.alerts.template'), str(item.template)],
          [
            t('office.alerts.reservation'),
            str(item.reservationId) ?? (item.reservationIds as string[] | undefined)?.join(', '),
          ],
          [t('office.alerts.reason'), str(item.reason)],
          [t('office.alerts.at'), when(item.failedAt)],
        ];
      case 'noShowReviews':
        return [
          [
            t('office.alerts.seeker'),
            item.jobSeekerNumber ? (
              <Link to={`/office/seekers?no=${encodeURIComponent(String(item.jobSeekerNumber))}`}>
                {String(item.jobSeekerNumber)}
              </Link>
            ) : (
              t('office.alerts.unreadable')
            ),
          ],
          [
            t('office.alerts.reviewReason'),
            t(`office.alerts.reviewReasons.${String(item.reason)}`, { defaultValue: String(item.reason) }),
          ],
          [t('office.alerts.noShows'), str(item.noShows)],
          [t('office.alerts.at'), when(item.requestedAt)],
        ];
      case 'unreadableReplies':
        return [
          [t('office.alerts.subject'), str(item.subject) ?? '—'],
          [t('office.alerts.reservation'), str(item.reservationId) ?? '—'],
          [
            t('office.alerts.reason'),
            t(`office.alerts.replyReasons.${String(item.reason)}`, { defaultValue: String(item.reason) }),
          ],
          [t('office.alerts.at'), when(item.receivedAt)],
        ];
      case 'deadLetters':
        return [
          [t('office.alerts.consumer'), str(item.consumer)],
          [t('office.alerts.eventType'), str(item.eventType) ?? str(item.subject)],
          [t('office.alerts.reason'), str(item.reason)],
          [t('office.alerts.at'), when(item.at)],
        ];
      case 'accessRecord':
        return [
          [t('office.alerts.kind'), str(item.kind)],
          [t('office.alerts.at'), when(item.since ?? item.at)],
        ];
    }
  }

  return (
    <>
      <PageHeading>{t('office.alerts.title')}</PageHeading>
      <LastHeard at={alerts.lastHeard} onReload={() => void alerts.reload()} />
      <Done message={done} />
      {alerts.error !== undefined && <ErrorNotice error={alerts.error} />}
      {alerts.data &&
        KINDS.map((kind) => {
          const items = (alerts.data![kind] ?? []) as Array<Record<string, unknown>>;
          return (
            <section key={kind} aria-labelledby={`alerts-${kind}`}>
              <h2 id={`alerts-${kind}`}>
                {t(`office.alerts.kinds.${kind}`)}
                <span className="ml-2 text-std-18N-160">{t('office.alerts.count', { count: items.length })}</span>
              </h2>
              {items.length === 0 && <p className="text-solid-gray-700">{t('office.alerts.none')}</p>}
              <ul className="m-0 list-none p-0">
                {items.map((item, index) => {
                  const id =
                    str(item.id) ?? str(item.alertId) ?? str(item.reviewId) ?? str(item.reservationId) ?? String(index);
                  return (
                    <li
                      key={id}
                      className="mb-3 rounded-8 border border-solid-gray-420 p-4"
                      data-testid={`alert-${kind}`}
                    >
                      <dl className="summary m-0">
                        {lines(kind, item)
                          .filter(([, value]) => value !== undefined && value !== '')
                          .map(([label, value]) => (
                            <div key={label}>
                              <dt>{label}</dt>
                              <dd>{value}</dd>
                            </div>
                          ))}
                      </dl>
                      {RESOLVABLE.includes(kind) && may(session, 'resolveAlert') && open !== id && (
                        <button type="button" className="btn btn-secondary mt-3" onClick={() => setOpen(id)}>
                          {t('office.alerts.resolve')}
                        </button>
                      )}
                      {open === id && (
                        <ReasonForm
                          id={`resolve-${id}`}
                          label={t('office.alerts.note')}
                          submitLabel={t('office.alerts.resolveSubmit')}
                          required={false}
                          onCancel={() => setOpen(undefined)}
                          onSubmit={async (note) => {
                            await resolveAlert(id, note);
                            setOpen(undefined);
                            setDone(t('office.alerts.resolved'));
                            await alerts.reload();
                          }}
                        />
                      )}
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
    </>
  );
}
