// Office settings (supervisor): capacity per weekday or for one date (R4), and a new
// terms version (R30) with a preview of its change notice and of who receives it (R31:
// every seeker with a reservation open). The capacity form starts from what the office
// has set (GET /staff/capacity), and says which counts are only the default. The office's
// consultation hours and its own closed days (R2, R3, R70: GET/PUT /staff/calendar) come
// first: the capacity form's slots follow the hours saved there.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema.gen';
import { getOffice } from '../api/views';
import { ApiError, unwrap } from '../api/client';
import { ErrorNotice, Loading, Notice, PageHeading } from '../components/ui';
import { currentLanguage } from '../i18n';
import { formatDate } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { useSubmitGuard } from '../lib/use-submit-guard';
import { staffApi } from './staff-api';
import { Done } from './ui';
import { listReservations } from './views';

const OPEN = ['requested', 'offered', 'confirmed', 'invited', 'in_session'];

type CapacityView = components['schemas']['CapacityViewDoc'];
type Counts = Record<string, number>;
/** Where a slot's count comes from: set for the date, set for the weekday, or the default. */
type Source = 'date' | 'weekday' | 'default';

function slotTimes(open: string, close: string, minutes: number): string[] {
  const toMinutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
  const times: string[] = [];
  for (let m = toMinutes(open); m + minutes <= toMinutes(close); m += minutes)
    times.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  return times;
}

/** ISO weekday (1 = Monday) of a YYYY-MM-DD date, as scheduling reckons a date's weekday. */
const weekdayOf = (date: string) => String(((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1);

const getCapacity = async (): Promise<CapacityView> => unwrap(staffApi.GET('/api/v1/staff/capacity'));

type Hours = components['schemas']['OfficeHoursDto'];
type CalendarView = components['schemas']['OfficeCalendarViewDto'];

const SLOT_LENGTHS = [10, 15, 20, 30, 60];
const toMinutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
/** The times a consultation may open or close at: every half hour from 07:00 to 21:00. */
const HALF_HOURS = slotTimes('07:00', '21:30', 30);

const getCalendar = async (): Promise<CalendarView> => unwrap(staffApi.GET('/api/v1/staff/calendar'));

/** A date as the console writes dates, or as it came when it is no date at all. */
function dateText(date: string, language: ReturnType<typeof currentLanguage>): string {
  return Number.isNaN(new Date(`${date}T00:00:00+09:00`).getTime()) ? date : formatDate(date, language);
}

/**
 * The office's consultation hours and its own closed days (R2, R3, R70). Each has its own
 * save: the hours send only `hours`, the closed days the whole `closures` list.
 */
function CalendarForm({ onSaved }: { onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage();
  const calendar = useLoad(getCalendar, 'calendar');
  const [hoursEdit, setHoursEdit] = useState<Hours>();
  const [closuresEdit, setClosuresEdit] = useState<string[]>();
  const [newDate, setNewDate] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<{ form: 'hours' | 'closures'; error: unknown }>();
  const [done, setDone] = useState<{ form: 'hours' | 'closures'; message: string }>();
  const saving = useSubmitGuard();
  const hours = hoursEdit ?? calendar.data?.hours ?? { open: '10:00', close: '16:00', slotMinutes: 30 };
  const closures = closuresEdit ?? [...(calendar.data?.closures ?? [])].sort();
  const times = [...new Set([...HALF_HOURS, hours.open, hours.close])].sort();

  /** The refusal's fields (422 OFFICE_SETTINGS_INVALID, 400 VALIDATION_FAILED) beside the fields they name. */
  function fieldErrors(error: unknown): Record<string, string> {
    if (!(error instanceof ApiError) || !['OFFICE_SETTINGS_INVALID', 'VALIDATION_FAILED'].includes(error.code))
      return {};
    const found: Record<string, string> = {};
    const invalid = error.code === 'OFFICE_SETTINGS_INVALID';
    for (const name of Object.keys(error.fields)) {
      const closure = /^closures\.(\d+)/.exec(name);
      if (closure)
        found[`closure-${closure[1]}`] = t(
          invalid ? 'office.settings.closureImpossible' : 'office.settings.closureBad',
        );
      else if (name === 'closures') found['closure-new'] = t('office.settings.closureBad');
      else if (name.startsWith('hours')) {
        const id = `calendar-${name === 'hours.open' ? 'open' : name === 'hours.close' ? 'close' : 'slotMinutes'}`;
        found[id] = t(invalid ? 'office.settings.hoursUneven' : 'office.settings.hoursBad');
      }
    }
    return found;
  }
  /** What the save changed, in words, or that nothing did. */
  function outcome(answer: { outcome: string; changed: string[] }): string {
    if (answer.outcome === 'unchanged' || answer.changed.length === 0) return t('office.settings.calendarUnchanged');
    const words = answer.changed.map((name) =>
      i18n.exists(`office.settings.changedNames.${name}`) ? t(`office.settings.changedNames.${name}`) : name,
    );
    return t('office.settings.calendarChanged', { what: words.join(t('office.settings.slotSeparator')) });
  }
  async function save(form: 'hours' | 'closures', found: Record<string, string>) {
    setErrors(found);
    setFailure(undefined);
    setDone(undefined);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(first)?.focus();
      return;
    }
    try {
      await saving.run(async () => {
        const answer = await unwrap(
          staffApi.PUT('/api/v1/staff/calendar', { body: form === 'hours' ? { hours } : { closures } }),
        );
        setDone({ form, message: outcome(answer) });
        if (form === 'hours') setHoursEdit(undefined);
        else setClosuresEdit(undefined);
        calendar.reload();
        onSaved();
      });
    } catch (error) {
      setFailure({ form, error });
      const named = fieldErrors(error);
      setErrors(named);
      const id = Object.keys(named)[0];
      if (id) document.getElementById(id)?.focus();
    }
  }
  function saveHours(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (toMinutes(hours.close) <= toMinutes(hours.open)) found['calendar-close'] = t('office.settings.closeBeforeOpen');
    else if ((toMinutes(hours.close) - toMinutes(hours.open)) % hours.slotMinutes !== 0)
      found['calendar-slotMinutes'] = t('office.settings.hoursUneven');
    void save('hours', found);
  }
  function saveClosures(event: FormEvent) {
    event.preventDefault();
    void save('closures', {});
  }
  function add() {
    setDone(undefined);
    const found: Record<string, string> = {};
    if (!newDate) found['closure-new'] = t('office.settings.dateMissing');
    else if (closures.includes(newDate)) found['closure-new'] = t('office.settings.closureTwice');
    setErrors(found);
    if (found['closure-new']) {
      document.getElementById('closure-new')?.focus();
      return;
    }
    setClosuresEdit([...closures, newDate].sort());
    setNewDate('');
  }
  function remove(date: string) {
    setDone(undefined);
    setErrors({});
    setClosuresEdit(closures.filter((d) => d !== date));
    document.getElementById('closure-new')?.focus();
  }
  const error = (id: string) =>
    errors[id] && (
      <p className="error-text" id={`${id}-error`} role="alert">
        {errors[id]}
      </p>
    );
  const select = (key: 'open' | 'close' | 'slotMinutes') => {
    const id = `calendar-${key}`;
    return (
      <div className="field">
        <label htmlFor={id} className="label">
          {t(`office.settings.hours.${key}`)}
        </label>
        {error(id)}
        <select
          id={id}
          className="input"
          style={{ maxWidth: '10rem' }}
          value={String(hours[key])}
          aria-invalid={errors[id] ? true : undefined}
          aria-describedby={errors[id] ? `${id}-error` : undefined}
          onChange={(e) =>
            setHoursEdit({ ...hours, [key]: key === 'slotMinutes' ? Number(e.target.value) : e.target.value })
          }
        >
          {key === 'slotMinutes'
            ? [...new Set([...SLOT_LENGTHS, hours.slotMinutes])]
                .sort((a, b) => a - b)
                .map((n) => (
                  <option key={n} value={String(n)}>
                    {t('office.settings.minutes', { n })}
                  </option>
                ))
            : times.map((time) => (
                <option key={time} value={time}>
                  {time}
                </option>
              ))}
        </select>
      </div>
    );
  };
  const notice = (form: 'hours' | 'closures') => (
    <>
      <Done message={done?.form === form ? done.message : undefined} />
      {failure?.form === form && <ErrorNotice error={failure.error} />}
    </>
  );
  return (
    <section aria-labelledby="calendar-title">
      <h2 id="calendar-title">{t('office.settings.calendarTitle')}</h2>
      <p>{t('office.settings.calendarLead')}</p>
      {calendar.error !== undefined && <ErrorNotice error={calendar.error} />}
      {calendar.loading && !calendar.data ? (
        <Loading />
      ) : (
        <>
          <h3 id="hours-title">{t('office.settings.hoursTitle')}</h3>
          {notice('hours')}
          <form noValidate aria-labelledby="hours-title" onSubmit={saveHours}>
            <div className="flex flex-wrap gap-x-6">
              {select('open')}
              {select('close')}
              {select('slotMinutes')}
            </div>
            <p className="hint">{t('office.settings.hoursHint')}</p>
            <button type="submit" className="btn btn-primary" aria-disabled={saving.busy}>
              {t('office.settings.saveHours')}
            </button>
          </form>
          <h3 id="closures-title">{t('office.settings.closuresTitle')}</h3>
          <p className="hint">{t('office.settings.closuresHint')}</p>
          <Notice tone="warning">
            <p className="mb-0">{t('office.settings.closuresBooked')}</p>
          </Notice>
          {notice('closures')}
          <form noValidate aria-labelledby="closures-title" onSubmit={saveClosures}>
            {closures.length === 0 ? (
              <p>{t('office.settings.closuresNone')}</p>
            ) : (
              <ul aria-label={t('office.settings.closuresList')} className="list-none p-0">
                {closures.map((date, index) => {
                  const id = `closure-${index}`;
                  return (
                    <li key={date} className="mb-2">
                      <div className="flex flex-wrap items-center gap-3">
                        <span>{dateText(date, language)}</span>
                        <button
                          id={id}
                          type="button"
                          className="btn btn-secondary"
                          aria-describedby={errors[id] ? `${id}-error` : undefined}
                          onClick={() => remove(date)}
                        >
                          {t('office.settings.closureRemove')}
                          <span className="sr-only">{`（${dateText(date, language)}）`}</span>
                        </button>
                      </div>
                      {error(id)}
                    </li>
                  );
                })}
              </ul>
            )}
            <div className="field">
              <label htmlFor="closure-new" className="label">
                {t('office.settings.closureNew')}
              </label>
              {error('closure-new')}
              <div className="flex flex-wrap items-center gap-3">
                <input
                  id="closure-new"
                  type="date"
                  className="input"
                  style={{ maxWidth: '14rem' }}
                  value={newDate}
                  aria-invalid={errors['closure-new'] ? true : undefined}
                  aria-describedby={errors['closure-new'] ? 'closure-new-error' : undefined}
                  onChange={(e) => setNewDate(e.target.value)}
                />
                <button type="button" className="btn btn-secondary" onClick={add}>
                  {t('office.settings.closureAdd')}
                </button>
              </div>
            </div>
            <button type="submit" className="btn btn-primary" aria-disabled={saving.busy}>
              {t('office.settings.saveClosures')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

/** `round` counts the calendar's saves: each reads the office's hours and slots anew. */
function CapacityForm({ round }: { round: number }) {
  const { t } = useTranslation();
  const office = useLoad(getOffice, `office#${round}`);
  const capacity = useLoad(getCapacity, `capacity#${round}`);
  const hours = office.data?.hours ?? { open: '10:00', close: '16:00', slotMinutes: 30 };
  const times = capacity.data?.slotTimes ?? slotTimes(hours.open, hours.close, hours.slotMinutes);
  const [scope, setScope] = useState<'weekday' | 'date'>('weekday');
  const [weekday, setWeekday] = useState('1');
  const [date, setDate] = useState('');
  // What was typed, for the weekday or date it was typed for (another choice starts afresh).
  const [edits, setEdits] = useState<{ key: string; counts: Record<string, string> }>({ key: '', counts: {} });
  // What this page saved (the PUT's answer), over what was read: each replaces its weekday's or date's counts.
  const [saved, setSaved] = useState<{ weekdays: Record<string, Counts>; dates: Record<string, Counts> }>({
    weekdays: {},
    dates: {},
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const saving = useSubmitGuard();
  const key = scope === 'weekday' ? `weekday:${weekday}` : `date:${date}`;
  const counts = edits.key === key ? edits.counts : {};
  const defaultCapacity = capacity.data?.defaultCapacity ?? 1;
  const weekdays = { ...capacity.data?.weekdays, ...saved.weekdays };
  const dates = { ...capacity.data?.dates, ...saved.dates };

  /** The count a slot has now for the chosen weekday or date, and where it comes from. */
  const current = (time: string): { count: number; source: Source } => {
    const byDate = scope === 'date' && date ? dates[date]?.[time] : undefined;
    if (byDate !== undefined) return { count: byDate, source: 'date' };
    const byWeekday = weekdays[scope === 'date' ? (date ? weekdayOf(date) : '') : weekday]?.[time];
    if (byWeekday !== undefined) return { count: byWeekday, source: 'weekday' };
    return { count: defaultCapacity, source: 'default' };
  };
  const value = (time: string) => counts[time] ?? String(current(time).count);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (scope === 'date' && !date) found['capacity-date'] = t('office.settings.dateMissing');
    for (const time of times)
      if (!/^\d{1,2}$/.test(value(time))) found[`capacity-${time}`] = t('office.settings.countBad');
    setErrors(found);
    setFailure(undefined);
    setDone(undefined);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(first)?.focus();
      return;
    }
    try {
      await saving.run(async () => {
        const answer = await unwrap(
          staffApi.PUT('/api/v1/staff/capacity', {
            body: {
              ...(scope === 'weekday' ? { weekday: Number(weekday) } : { date }),
              slots: Object.fromEntries(times.map((time) => [time, Number(value(time))])),
              // The document types `slots` loosely (an object of numbers, api.md).
            } as never,
          }),
        );
        const slots = (answer as { slots?: Counts } | undefined)?.slots ?? {};
        setSaved((before) =>
          scope === 'weekday'
            ? { ...before, weekdays: { ...before.weekdays, [weekday]: slots } }
            : { ...before, dates: { ...before.dates, [date]: slots } },
        );
        setEdits({ key: '', counts: {} });
        const what =
          scope === 'weekday'
            ? t('office.settings.capacitySavedWeekday', { weekday: t(`office.settings.weekdays.${weekday}`) })
            : t('office.settings.capacitySavedDate', { date: formatDate(date, currentLanguage()) });
        const values = Object.entries(slots)
          .map(([time, count]) => t('office.settings.slotCount', { time, n: count }))
          .join(t('office.settings.slotSeparator'));
        setDone(`${what} ${t('office.settings.capacitySavedValues', { values })}`);
      });
    } catch (error) {
      setFailure(error);
    }
  }
  const error = (id: string) =>
    errors[id] && (
      <p className="error-text" id={`${id}-error`} role="alert">
        {errors[id]}
      </p>
    );
  return (
    <section aria-labelledby="capacity-title">
      <h2 id="capacity-title">{t('office.settings.capacityTitle')}</h2>
      <p>{t('office.settings.capacityLead')}</p>
      <Done message={done} />
      {failure !== undefined && <ErrorNotice error={failure} />}
      {capacity.error !== undefined && (
        <ErrorNotice error={capacity.error}>
          <p className="mb-0">{t('office.settings.capacityUnread', { n: defaultCapacity })}</p>
        </ErrorNotice>
      )}
      <form noValidate onSubmit={submit}>
        <fieldset className="field border-0 p-0">
          <legend className="label">{t('office.settings.scope')}</legend>
          {(['weekday', 'date'] as const).map((s) => (
            <label key={s} className="mb-2 flex items-center gap-2">
              <input
                type="radio"
                name="capacity-scope"
                className="h-5 w-5"
                checked={scope === s}
                onChange={() => setScope(s)}
              />
              <span>{t(`office.settings.scopes.${s}`)}</span>
            </label>
          ))}
        </fieldset>
        {scope === 'weekday' ? (
          <div className="field">
            <label htmlFor="capacity-weekday" className="label">
              {t('office.settings.weekday')}
            </label>
            <select
              id="capacity-weekday"
              className="input"
              style={{ maxWidth: '10rem' }}
              value={weekday}
              onChange={(e) => setWeekday(e.target.value)}
            >
              {['1', '2', '3', '4', '5'].map((d) => (
                <option key={d} value={d}>
                  {t(`office.settings.weekdays.${d}`)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="capacity-date" className="label">
              {t('office.settings.date')}
            </label>
            {error('capacity-date')}
            <input
              id="capacity-date"
              type="date"
              className="input"
              style={{ maxWidth: '14rem' }}
              value={date}
              aria-invalid={errors['capacity-date'] ? true : undefined}
              aria-describedby={errors['capacity-date'] ? 'capacity-date-error' : undefined}
              onChange={(e) => setDate(e.target.value)}
            />
          </div>
        )}
        {capacity.loading && !capacity.data ? (
          <Loading />
        ) : (
          <>
            <fieldset className="field border-0 p-0">
              <legend className="label">{t('office.settings.perSlot')}</legend>
              <p className="hint">{t('office.settings.perSlotHint')}</p>
              <p className="hint">{t('office.settings.defaultHint', { n: defaultCapacity })}</p>
              <div className="grid grid-cols-[repeat(auto-fill,minmax(8rem,1fr))] gap-3">
                {times.map((time) => {
                  const id = `capacity-${time}`;
                  const { source } = current(time);
                  // Only an untouched count says where it comes from: one typed is the new one.
                  const from =
                    counts[time] === undefined && (source === 'default' || scope === 'date') ? source : undefined;
                  const described =
                    [from && `${id}-source`, errors[id] && `${id}-error`].filter(Boolean).join(' ') || undefined;
                  return (
                    <div key={time}>
                      <label htmlFor={id} className="block font-bold">
                        {time}
                      </label>
                      {error(id)}
                      <input
                        id={id}
                        className="input"
                        inputMode="numeric"
                        style={{ maxWidth: '6rem' }}
                        value={value(time)}
                        aria-invalid={errors[id] ? true : undefined}
                        aria-describedby={described}
                        onChange={(e) => setEdits({ key, counts: { ...counts, [time]: e.target.value.trim() } })}
                      />
                      {from && (
                        <p className="hint mb-0" id={`${id}-source`}>
                          {t(`office.settings.sources.${from}`)}
                        </p>
                      )}
                    </div>
                  );
                })}
              </div>
            </fieldset>
            <button type="submit" className="btn btn-primary" aria-disabled={saving.busy}>
              {t('office.settings.saveCapacity')}
            </button>
          </>
        )}
      </form>
    </section>
  );
}

function TermsForm() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const current = useLoad(
    async () =>
      (await unwrap(staffApi.GET('/api/v1/terms/current'))) as unknown as {
        version: string;
        body: string;
        effectiveFrom: string;
      },
    'terms',
  );
  const recipients = useLoad(
    async () => new Set((await listReservations()).filter((r) => OPEN.includes(r.status)).map((r) => r.seekerId)).size,
    'recipients',
  );
  const [values, setValues] = useState({ version: '', effectiveFrom: '', body: '', changeSummary: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const publishing = useSubmitGuard();
  const body = values.body || current.data?.body || '';

  function check(): boolean {
    const found: Record<string, string> = {};
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(values.version)) found['terms-version'] = t('office.settings.versionBad');
    if (!values.effectiveFrom) found['terms-effectiveFrom'] = t('office.settings.dateMissing');
    if (!body.trim()) found['terms-body'] = t('office.settings.missing');
    if (!values.changeSummary.trim()) found['terms-changeSummary'] = t('office.settings.missing');
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) document.getElementById(first)?.focus();
    return !first;
  }
  async function publish() {
    setFailure(undefined);
    try {
      await publishing.run(async () => {
        await unwrap(
          staffApi.POST('/api/v1/staff/terms', {
            body: {
              version: values.version,
              effectiveFrom: `${values.effectiveFrom}T00:00:00+09:00`,
              body,
              changeSummary: values.changeSummary.trim(),
            },
          }),
        );
        setPreview(false);
        setDone(t('office.settings.termsPublished', { version: values.version }));
      });
    } catch (error) {
      setFailure(error);
    }
  }
  const field = (key: keyof typeof values, type: 'text' | 'date' | 'textarea', hint?: string) => {
    const id = `terms-${key}`;
    const described = [hint && `${id}-hint`, errors[id] && `${id}-error`].filter(Boolean).join(' ') || undefined;
    return (
      <div className="field">
        <label htmlFor={id} className="label">
          {t(`office.settings.terms.${key}`)}
        </label>
        {hint && (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        {errors[id] && (
          <p className="error-text" id={`${id}-error`} role="alert">
            {errors[id]}
          </p>
        )}
        {type === 'textarea' ? (
          <textarea
            id={id}
            className="input"
            rows={key === 'body' ? 10 : 3}
            value={key === 'body' ? body : values[key]}
            aria-invalid={errors[id] ? true : undefined}
            aria-describedby={described}
            onChange={(e) => setValues({ ...values, [key]: e.target.value })}
          />
        ) : (
          <input
            id={id}
            type={type}
            className="input"
            style={{ maxWidth: type === 'date' ? '14rem' : '20rem' }}
            value={values[key]}
            aria-invalid={errors[id] ? true : undefined}
            aria-describedby={described}
            onChange={(e) => setValues({ ...values, [key]: e.target.value })}
          />
        )}
      </div>
    );
  };
  return (
    <section aria-labelledby="terms-title">
      <h2 id="terms-title">{t('office.settings.termsTitle')}</h2>
      {current.data && (
        <p>
          {t('office.settings.termsCurrent', {
            version: current.data.version,
            date: formatDate(current.data.effectiveFrom, language),
          })}
        </p>
      )}
      <Done message={done} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setDone(undefined);
          setPreview(check());
        }}
      >
        {field('version', 'text', t('office.settings.versionHint'))}
        {field('effectiveFrom', 'date')}
        {field('changeSummary', 'textarea', t('office.settings.summaryHint'))}
        {field('body', 'textarea')}
        <button type="submit" className="btn btn-secondary">
          {t('office.settings.previewNotice')}
        </button>
      </form>
      {preview && (
        <div className="mt-6" data-testid="notice-preview">
          <Notice title={t('office.settings.noticeTitle')}>
            <p>
              {t('office.settings.noticeLead', {
                version: values.version,
                date: formatDate(values.effectiveFrom, language),
              })}
            </p>
            <p className="whitespace-pre-wrap font-bold">{values.changeSummary.trim()}</p>
            <p className="mb-0">{t('office.settings.noticeRecipients', { count: recipients.data ?? 0 })}</p>
          </Notice>
          {failure !== undefined && <ErrorNotice error={failure} />}
          <button
            type="button"
            className="btn btn-primary"
            aria-disabled={publishing.busy}
            onClick={() => void publish()}
          >
            {t('office.settings.publish')}
          </button>
        </div>
      )}
    </section>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  const [round, setRound] = useState(0);
  return (
    <>
      <PageHeading>{t('office.settings.title')}</PageHeading>
      <CalendarForm onSaved={() => setRound((n) => n + 1)} />
      <CapacityForm round={round} />
      <TermsForm />
    </>
  );
}
