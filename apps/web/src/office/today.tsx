// Today: the day's sessions in time order with the seeker's name, state and meeting link,
// and what staff do with them: check in, complete, end early with a reason (R21), record a
// phone cancellation (R17), book the next session (R16; R5 waived with a reason). It asks
// the server again every 10 seconds (no-shows appear on their own, R18) and says when it
// last heard from it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorNotice, PageHeading } from '../components/ui';
import { currentLanguage } from '../i18n';
import { formatDate, formatDateTime, formatTime, jstDate } from '../lib/format';
import { useSubmitGuard } from '../lib/use-submit-guard';
import { DayField, SlotChoice } from './slot-choice';
import { Done, LastHeard, ReasonForm, StatusTag, usePolling } from './ui';
import { cancelByPhone, followUp, getSchedule, step, terminate, type ScheduleSession } from './views';

type Open = { id: string; what: 'terminate' | 'cancel' | 'follow-up' } | undefined;

function FollowUpForm({
  session,
  onDone,
  onCancel,
}: {
  session: ScheduleSession;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [date, setDate] = useState('');
  const [slot, setSlot] = useState<string>();
  const [waive, setWaive] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <ReasonForm
      id={`follow-up-reason-${session.id}`}
      label={t('office.today.overrideReason')}
      hint={t('office.today.overrideHint')}
      submitLabel={t('office.today.bookFollowUp')}
      required={waive}
      onCancel={onCancel}
      onSubmit={async (reason) => {
        if (!slot) {
          setError(t('office.today.chooseSlot'));
          return;
        }
        setError(undefined);
        const booked = await followUp(session.id, slot, waive ? reason : undefined);
        onDone(t('office.today.followUpBooked', { when: formatDateTime(booked.slot ?? slot, currentLanguage()) }));
      }}
    >
      <h3 className="mt-0">{t('office.today.followUpTitle')}</h3>
      <DayField
        id={`follow-up-date-${session.id}`}
        label={t('office.today.followUpDate')}
        value={date}
        onChange={(v) => {
          setDate(v);
          setSlot(undefined);
        }}
      />
      <label className="choice mb-4 flex items-center gap-2">
        <input type="checkbox" className="h-5 w-5" checked={waive} onChange={(e) => setWaive(e.target.checked)} />
        <span>{t('office.today.waiveLeadTime')}</span>
      </label>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {date && (
        <SlotChoice
          key={`${date}-${waive}`}
          date={date}
          max={1}
          allowLeadTime={waive}
          selected={slot ? [slot] : []}
          onToggle={(s) => setSlot(s.start)}
          legend={t('office.today.followUpSlot')}
        />
      )}
    </ReasonForm>
  );
}

export function TodayPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? jstDate(new Date());
  const schedule = usePolling(() => getSchedule(date), date);
  const [open, setOpen] = useState<Open>();
  const [done, setDone] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const sessions = [...(schedule.data?.sessions ?? [])].sort((a, b) => Date.parse(a.slot) - Date.parse(b.slot));

  const acting = useSubmitGuard();
  async function act(work: () => Promise<unknown>, message: string) {
    await acting.run(async () => {
      setFailure(undefined);
      try {
        await work();
        setDone(message);
        setOpen(undefined);
        await schedule.reload();
      } catch (error) {
        setFailure(error);
      }
    });
  }
  const finish = async (message: string) => {
    setDone(message);
    setOpen(undefined);
    await schedule.reload();
  };

  return (
    <>
      <PageHeading caption={formatDate(date, language)}>{t('office.today.title')}</PageHeading>
      <div className="flex flex-wrap items-end gap-4">
        <DayField
          id="today-date"
          label={t('office.today.date')}
          value={date}
          onChange={(v) => v && setParams({ date: v })}
        />
      </div>
      <LastHeard at={schedule.lastHeard} onReload={() => void schedule.reload()} />
      <Done message={done} />
      {failure !== undefined && <ErrorNotice error={failure} />}
      {schedule.error !== undefined && <ErrorNotice error={schedule.error} />}
      {schedule.data && sessions.length === 0 && <p>{t('office.today.none')}</p>}
      <ol className="m-0 list-none p-0">
        {sessions.map((session) => {
          const name = session.seekerName ?? t('office.today.nameUnknown');
          const label = `${formatTime(session.slot, language)} ${name}`;
          const isOpen = (what: NonNullable<Open>['what']) => open?.id === session.id && open.what === what;
          const booked = session.status === 'confirmed' || session.status === 'invited';
          return (
            <li
              key={session.id}
              className="mb-4 rounded-8 border border-solid-gray-420 p-4"
              aria-label={label}
              data-testid="session"
            >
              <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
                <p className="m-0 text-std-20B-150">
                  {formatTime(session.slot, language)}〜{formatTime(session.end, language)}
                </p>
                <p className="m-0 text-std-18B-160">{name}</p>
                <StatusTag status={session.status} />
                {session.number && (
                  <span className="text-dns-14N-130">{t('office.number', { number: session.number })}</span>
                )}
              </div>
              <p className="mb-1 mt-2">{t('office.today.topic', { topic: session.topic })}</p>
              {session.mayNeedCounter && (
                <p className="mb-1 font-bold text-warning-orange-2">{t('office.today.mayNeedCounter')}</p>
              )}
              {session.attendee && (
                <p className="mb-1">
                  {t(`office.today.attendee.${session.attendee.kind}`)}
                  {session.attendee.note ? `：${session.attendee.note}` : ''}
                </p>
              )}
              <p className="mb-2">
                <a href={session.roomUrl ?? session.meetingUrl} target="_blank" rel="noreferrer">
                  {t('office.today.meetingLink')}
                  <span className="sr-only">{`（${name}）`}</span>
                </a>
              </p>
              <div className="flex flex-wrap gap-2">
                {booked && (
                  <button
                    type="button"
                    className="btn btn-primary"
                    aria-disabled={acting.busy}
                    onClick={() => void act(() => step(session.id, 'check-in'), t('office.today.checkedIn', { name }))}
                  >
                    {t('office.today.checkIn')}
                  </button>
                )}
                {session.status === 'in_session' && (
                  <button
                    type="button"
                    className="btn btn-primary"
                    aria-disabled={acting.busy}
                    onClick={() => void act(() => step(session.id, 'complete'), t('office.today.completed', { name }))}
                  >
                    {t('office.today.complete')}
                  </button>
                )}
                {session.status === 'in_session' && (
                  <button
                    type="button"
                    className="btn btn-secondary"
                    aria-expanded={isOpen('follow-up')}
                    onClick={() => setOpen({ id: session.id, what: 'follow-up' })}
                  >
                    {t('office.today.followUp')}
                  </button>
                )}
                {session.status === 'in_session' && (
                  <button
                    type="button"
                    className="btn btn-danger"
                    aria-expanded={isOpen('terminate')}
                    onClick={() => setOpen({ id: session.id, what: 'terminate' })}
                  >
                    {t('office.today.terminate')}
                  </button>
                )}
                {booked && (
                  <button
                    type="button"
                    className="btn btn-danger"
                    aria-expanded={isOpen('cancel')}
                    onClick={() => setOpen({ id: session.id, what: 'cancel' })}
                  >
                    {t('office.today.phoneCancel')}
                  </button>
                )}
              </div>
              {isOpen('terminate') && (
                <ReasonForm
                  id={`terminate-${session.id}`}
                  label={t('office.today.terminateReason')}
                  hint={t('office.today.terminateHint')}
                  submitLabel={t('office.today.terminateSubmit')}
                  danger
                  onCancel={() => setOpen(undefined)}
                  onSubmit={async (reason) => {
                    await terminate(session.id, reason);
                    await finish(t('office.today.terminated', { name }));
                  }}
                />
              )}
              {isOpen('cancel') && (
                <ReasonForm
                  id={`cancel-${session.id}`}
                  label={t('office.today.phoneNote')}
                  hint={t('office.today.phoneHint')}
                  submitLabel={t('office.today.phoneSubmit')}
                  required={false}
                  danger
                  onCancel={() => setOpen(undefined)}
                  onSubmit={async (note) => {
                    await cancelByPhone(session.id, note);
                    await finish(t('office.today.cancelled', { name }));
                  }}
                />
              )}
              {isOpen('follow-up') && (
                <FollowUpForm session={session} onDone={(m) => void finish(m)} onCancel={() => setOpen(undefined)} />
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
