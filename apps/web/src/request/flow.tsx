// The request (R10): one question per page, then "check your answers", then a
// confirmation page with the reservation number and what happens next (R7).
import { createContext, useContext, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router';
import { signInEmail } from '../api/session';
import { getAvailability, getTerms, type Terms } from '../api/views';
import { CheckChoice, CheckGroup, RadioChoices, SingleCheck, TextInput } from '../components/fields';
import { TermsText } from '../components/terms-text';
import { BackLink, ErrorNotice, ErrorSummary, Loading, Notice, PageHeading, type FieldProblem } from '../components/ui';
import { addDays, jstDate } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { CheckPage, DonePage } from './check';
import {
  DEVICES,
  ENVIRONMENT,
  ONLINE_REASONS,
  STEPS,
  loadDraft,
  saveDraft,
  validateStep,
  type Draft,
  type Step,
} from './draft';
import { SlotPicker } from './slot-picker';

/** How far ahead the calendar shows (within the API's 92 days). */
export const WEEKS_AHEAD = 8;

interface DraftState {
  draft: Draft;
  update: (change: Partial<Draft>) => void;
  replace: (draft: Draft) => void;
}

const DraftContext = createContext<DraftState | undefined>(undefined);

export function useDraft(): DraftState {
  const state = useContext(DraftContext);
  if (!state) throw new Error('useDraft outside the request flow');
  return state;
}

export function DraftProvider({ children, initial }: { children: ReactNode; initial?: Draft }) {
  const [draft, setDraft] = useState<Draft>(() => initial ?? loadDraft(signInEmail()));
  const update = (change: Partial<Draft>) =>
    setDraft((previous) => {
      const next = { ...previous, ...change };
      saveDraft(next);
      return next;
    });
  const replace = (next: Draft) => {
    saveDraft(next);
    setDraft(next);
  };
  return <DraftContext.Provider value={{ draft, update, replace }}>{children}</DraftContext.Provider>;
}

export function RequestFlow() {
  return (
    <DraftProvider>
      <Routes>
        <Route index element={<Navigate to="slots" replace />} />
        <Route path="check" element={<CheckPage />} />
        <Route path="done/:id" element={<DonePage />} />
        <Route path=":step" element={<StepPage />} />
      </Routes>
    </DraftProvider>
  );
}

function isStep(value: string | undefined): value is Step {
  return (STEPS as readonly string[]).includes(value ?? '');
}

function StepPage() {
  const { step } = useParams();
  if (!isStep(step)) return <Navigate to="/request/slots" replace />;
  return <StepForm key={step} step={step} />;
}

function StepForm({ step }: { step: Step }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { draft } = useDraft();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const index = STEPS.indexOf(step);
  const returnToCheck = params.get('return') === 'check';
  const back = returnToCheck ? '/request/check' : index === 0 ? '/' : `/request/${STEPS[index - 1]}`;
  const errorOf = (id: string) => problems.find((p) => p.id === id)?.message;

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateStep(step, draft, t);
    setProblems(found);
    if (found.length > 0) return;
    navigate(returnToCheck || index === STEPS.length - 1 ? '/request/check' : `/request/${STEPS[index + 1]}`);
  }

  return (
    <>
      <BackLink to={back} />
      <ErrorSummary problems={problems} />
      <form noValidate onSubmit={submit}>
        <StepFields
          step={step}
          errorOf={errorOf}
          caption={t('request.stepOf', { step: index + 1, total: STEPS.length })}
        />
        <button type="submit" className="btn btn-primary mt-4">
          {t('request.continue')}
        </button>
      </form>
    </>
  );
}

function StepFields({
  step,
  errorOf,
  caption,
}: {
  step: Step;
  errorOf: (id: string) => string | undefined;
  caption: string;
}) {
  const { t } = useTranslation();
  const { draft, update } = useDraft();
  switch (step) {
    case 'slots':
      return <SlotsStep caption={caption} error={errorOf('slot-calendar')} />;
    case 'contact':
      return (
        <>
          <PageHeading caption={caption}>{t('request.contact.title')}</PageHeading>
          <TextInput
            id="name"
            label={t('request.contact.name')}
            hint={t('request.contact.nameHint')}
            value={draft.name}
            onChange={(name) => update({ name })}
            error={errorOf('name')}
            autoComplete="name"
          />
          <TextInput
            id="email"
            label={t('request.contact.email')}
            hint={t('request.contact.emailHint')}
            value={draft.email}
            onChange={(email) => update({ email })}
            error={errorOf('email')}
            type="email"
            inputMode="email"
            autoComplete="email"
            spellCheck={false}
          />
        </>
      );
    case 'topic':
      return (
        <>
          <PageHeading caption={caption}>{t('request.topic.title')}</PageHeading>
          <Notice tone="warning" title={t('request.topic.cannotTitle')}>
            <p className="mb-0">{t('request.topic.cannot')}</p>
          </Notice>
          <TextInput
            id="topic"
            label={t('request.topic.label')}
            hint={t('request.topic.hint')}
            value={draft.topic}
            onChange={(topic) => update({ topic })}
            error={errorOf('topic')}
            multiline
          />
        </>
      );
    case 'online':
      return (
        <>
          <PageHeading caption={caption}>{t('request.online.title')}</PageHeading>
          <RadioChoices
            id="online-reason"
            label={t('request.online.label')}
            value={draft.onlineReason}
            onChange={(value) => update({ onlineReason: value as Draft['onlineReason'] })}
            error={errorOf('online-reason')}
            options={ONLINE_REASONS.map((reason) => ({ value: reason, label: t(`request.online.kinds.${reason}`) }))}
          />
          <TextInput
            id="online-detail"
            label={draft.onlineReason === 'other' ? t('request.online.detailRequired') : t('request.online.detail')}
            hint={t('request.online.detailHint')}
            value={draft.onlineDetail}
            onChange={(onlineDetail) => update({ onlineDetail })}
            error={errorOf('online-detail')}
            multiline
          />
        </>
      );
    case 'devices':
      return (
        <>
          <PageHeading caption={caption}>{t('request.devices.title')}</PageHeading>
          <p>{t('request.devices.lead')}</p>
          <CheckGroup
            id="devices"
            label={t('request.devices.legend')}
            value={draft.devices}
            onChange={(devices) => update({ devices: devices as Draft['devices'] })}
            error={errorOf('devices')}
          >
            {DEVICES.map((device) => (
              <CheckChoice key={device} value={device}>
                {t(`request.devices.${device}`)}
              </CheckChoice>
            ))}
          </CheckGroup>
          <p>
            <Link to="/device-check" target="_blank">
              {t('request.devices.check')}
            </Link>
          </p>
        </>
      );
    case 'attendee':
      return (
        <>
          <PageHeading caption={caption}>{t('request.attendee.title')}</PageHeading>
          <RadioChoices
            id="attendee"
            label={t('request.attendee.legend')}
            value={draft.attendee}
            onChange={(value) => update({ attendee: value as Draft['attendee'] })}
            error={errorOf('attendee')}
            options={(['none', 'interpreter', 'caregiver'] as const).map((kind) => ({
              value: kind,
              label: t(`request.attendee.${kind}`),
            }))}
          />
          {(draft.attendee === 'interpreter' || draft.attendee === 'caregiver') && (
            <TextInput
              id="attendee-note"
              label={t('request.attendee.note')}
              hint={t('request.attendee.noteHint')}
              value={draft.attendeeNote}
              onChange={(attendeeNote) => update({ attendeeNote })}
              error={errorOf('attendee-note')}
              multiline
            />
          )}
        </>
      );
    case 'environment':
      return (
        <>
          <PageHeading caption={caption}>{t('request.environment.title')}</PageHeading>
          <p>{t('request.environment.lead')}</p>
          <CheckGroup
            id="environment"
            label={t('request.environment.legend')}
            value={draft.environment}
            onChange={(environment) => update({ environment: environment as Draft['environment'] })}
            error={errorOf('environment')}
          >
            {ENVIRONMENT.map((item) => (
              <CheckChoice key={item} value={item}>
                <span className="block font-bold">{t(`request.environment.items.${item}.label`)}</span>
                <span className="block text-solid-gray-800">{t(`request.environment.items.${item}.help`)}</span>
              </CheckChoice>
            ))}
          </CheckGroup>
        </>
      );
    case 'terms':
      return <TermsStep caption={caption} error={errorOf('terms-read')} />;
  }
}

function SlotsStep({ caption, error }: { caption: string; error?: string }) {
  const { t } = useTranslation();
  const { draft, update } = useDraft();
  const today = jstDate(new Date());
  const to = addDays(today, WEEKS_AHEAD * 7);
  const availability = useLoad(() => getAvailability(today, to, today), `${today}`);
  const [now] = useState(() => Date.now());
  return (
    <>
      <PageHeading caption={caption}>{t('request.slots.title')}</PageHeading>
      <p>{t('request.slots.lead')}</p>
      {availability.loading && !availability.data && <Loading />}
      {availability.error !== undefined && (
        <ErrorNotice error={availability.error}>
          <p className="mb-0 mt-2">{t('request.slots.loadFailed')}</p>
        </ErrorNotice>
      )}
      {error && <p className="error-text">{error}</p>}
      {availability.data && (
        <SlotPicker
          availability={availability.data}
          value={draft.desiredSlots.filter((slot) => Date.parse(slot) > now)}
          onChange={(desiredSlots) => update({ desiredSlots })}
          error={error}
        />
      )}
    </>
  );
}

function TermsStep({ caption, error }: { caption: string; error?: string }) {
  const { t } = useTranslation();
  const { draft, update } = useDraft();
  const terms = useLoad<Terms>(getTerms, 'terms');
  return (
    <>
      <PageHeading caption={caption}>{t('request.terms.title')}</PageHeading>
      <p>{t('request.terms.lead')}</p>
      {terms.loading && <Loading />}
      {terms.error !== undefined && <ErrorNotice error={terms.error} />}
      {terms.data && <TermsText terms={terms.data} />}
      <div className="mt-6">
        <SingleCheck
          id="terms-read"
          isSelected={draft.termsRead}
          onChange={(termsRead) => update({ termsRead })}
          error={error}
        >
          {t('request.terms.read')}
        </SingleCheck>
      </div>
    </>
  );
}
