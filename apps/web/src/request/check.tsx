// "Check your answers" before anything is sent, and the confirmation page after.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { getReservation } from '../api/views';
import { ErrorSummary, Loading, PageHeading, PhoneLink, useErrorText, type FieldProblem } from '../components/ui';
import { currentLanguage } from '../i18n';
import { ja } from '../i18n/ja';
import { formatDate, formatSlot } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { useOffice } from '../lib/use-office';
import { useSubmitGuard } from '../lib/use-submit-guard';
import { firstIncompleteStep, requestBody, clearDraft, type Step } from './draft';
import { useDraft } from './flow';

/** Which page of the form a refusal of the gateway sends the seeker back to. */
const STEP_OF_CODE: Record<string, Step> = {
  LEAD_TIME: 'slots',
  SLOT_FULL: 'slots',
  NOT_BUSINESS_DAY: 'slots',
  OUTSIDE_HOURS: 'slots',
};
const STEP_OF_FIELD: Record<string, Step> = {
  desiredSlots: 'slots',
  name: 'contact',
  email: 'contact',
  topic: 'topic',
  onlineReason: 'online',
  devices: 'devices',
  environment: 'environment',
  attendee: 'attendee',
};

export function CheckPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const language = currentLanguage();
  const errorText = useErrorText();
  const { draft } = useDraft();
  const sending = useSubmitGuard();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const incomplete = firstIncompleteStep(draft, t);
  if (incomplete) return <Navigate to={`/request/${incomplete}`} replace />;

  const change = (step: Step, what: string) => (
    <Link to={`/request/${step}?return=check`} aria-label={t('request.check.changeWhat', { what })}>
      {t('request.check.change')}
    </Link>
  );
  const rows: Array<[string, React.ReactNode, Step]> = [
    [
      t('request.check.slots'),
      <ol key="slots" className="mb-0">
        {draft.desiredSlots.map((slot) => (
          <li key={slot}>{formatSlot(slot, language)}</li>
        ))}
      </ol>,
      'slots',
    ],
    [t('request.check.name'), draft.name, 'contact'],
    [t('request.check.email'), draft.email, 'contact'],
    [t('request.check.topic'), <span className="whitespace-pre-line">{draft.topic}</span>, 'topic'],
    [
      t('request.check.online'),
      <>
        {t(`request.online.kinds.${draft.onlineReason}`)}
        {draft.onlineDetail && <span className="block whitespace-pre-line">{draft.onlineDetail}</span>}
      </>,
      'online',
    ],
    [t('request.check.devices'), draft.devices.map((d) => t(`request.devices.${d}`)).join('、'), 'devices'],
    [
      t('request.check.attendee'),
      <>
        {t(`request.attendee.${draft.attendee || 'none'}`)}
        {draft.attendee !== 'none' && draft.attendeeNote && <span className="block">{draft.attendeeNote}</span>}
      </>,
      'attendee',
    ],
    [t('request.check.environment'), t('request.check.environmentDone'), 'environment'],
    [t('request.check.terms'), t('request.check.termsDone'), 'terms'],
  ];

  async function submit() {
    // One request per press, and the same Idempotency-Key for every press of this form.
    setProblems([]);
    try {
      await sending.run(
        async () => {
          const created = await unwrap(
            api.POST('/api/v1/reservations', {
              params: { header: { 'idempotency-key': draft.idempotencyKey } },
              body: requestBody(draft, (reason) => ja.request.online.kinds[reason], language),
            }),
          );
          const { id } = created as { id: string };
          // The stored draft goes; the one on screen stays until the flow is left, so going
          // back and sending again is the same request (same key) rather than an empty form.
          clearDraft();
          navigate(`/request/done/${id}`, { state: created, replace: true });
        },
        { hold: true },
      );
    } catch (error) {
      const step =
        error instanceof ApiError
          ? (STEP_OF_CODE[error.code] ?? Object.keys(error.fields).map((f) => STEP_OF_FIELD[f.split('.')[0]])[0])
          : undefined;
      setProblems([
        {
          id: step ? `change-${step}` : 'submit',
          message: errorText(error),
        },
      ]);
    }
  }

  return (
    <>
      <ErrorSummary problems={problems} />
      <PageHeading>{t('request.check.title')}</PageHeading>
      <p>{t('request.check.lead')}</p>
      <dl className="summary">
        {rows.map(([label, value, step], i) => (
          <div key={`${step}-${i}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
            <dd id={i === rows.findIndex((r) => r[2] === step) ? `change-${step}` : undefined} tabIndex={-1}>
              {change(step, label)}
            </dd>
          </div>
        ))}
      </dl>
      <button
        id="submit"
        type="button"
        className="btn btn-primary"
        aria-disabled={sending.busy}
        onClick={() => void submit()}
      >
        {sending.busy ? t('request.check.sending') : t('request.check.submit')}
      </button>
    </>
  );
}

export function DonePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const location = useLocation();
  const office = useOffice();
  const language = currentLanguage();
  const given = location.state as { number?: string; officeAnswersBy?: string } | null;
  const reservation = useLoad(() => getReservation(id!), id ?? '');
  const number = given?.number ?? reservation.data?.number;
  const answersBy = given?.officeAnswersBy ?? reservation.data?.officeAnswersBy;
  if (!given && reservation.loading) return <Loading />;
  return (
    <>
      <div className="confirmation">
        <PageHeading>{t('request.done.title')}</PageHeading>
        {number && (
          <p className="mb-0 text-std-20N-150">
            {t('request.done.number')}
            <br />
            <strong className="text-std-32B-150 tracking-widest">{number}</strong>
          </p>
        )}
      </div>
      <p>{t('request.done.numberNote')}</p>
      <p>{t('request.done.mailSent')}</p>
      <h2>{t('request.done.nextTitle')}</h2>
      <ol>
        <li className="mb-2">
          {answersBy
            ? t('request.done.next1', { date: formatDate(answersBy, language) })
            : t('request.done.next1NoDate')}
        </li>
        <li className="mb-2">{t('request.done.next2')}</li>
        {office && (
          <li className="mb-2">
            {t('request.done.next3', { phone: office.phone })} <PhoneLink phone={office.phone} />
          </li>
        )}
      </ol>
      <Link to="/reservations" className="btn btn-primary">
        {t('request.done.toReservations')}
      </Link>
    </>
  );
}
