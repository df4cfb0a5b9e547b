// Seekers: find one by job seeker number, or search the roster of the member's offices by
// part of a number or a name (R72), then see their standing, reservations, no-show count
// and open review;
// a supervisor suspends with a reason and a last day, or lifts it (R19, R42). Below, the
// roster CSV import: first a check of the file that writes nothing (dry run: the rows
// that would be imported and each refused row with its reason), then the import itself.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { ErrorNotice, PageHeading, useErrorText } from '../components/ui';
import { currentLanguage } from '../i18n';
import { formatDate, formatDateTime, formatSlot, jstDate } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { useSubmitGuard } from '../lib/use-submit-guard';
import { normalizeJobSeekerNumber, isJobSeekerNumber } from '../lib/validation';
import { may } from './staff-session';
import { Done, ReasonForm, StatusTag, TableWrap } from './ui';
import { useStaff } from './use-staff';
import {
  dismissReview,
  getSeeker,
  importRoster,
  liftSuspension,
  listReservations,
  searchRoster,
  suspend,
  type ImportAnswer,
  type SeekerEntry,
} from './views';

function SeekerDetail({ entry, onChanged }: { entry: SeekerEntry; onChanged: (message: string) => void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { session } = useStaff();
  const [open, setOpen] = useState<'suspend' | 'dismiss'>();
  const [until, setUntil] = useState('');
  const [untilError, setUntilError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const lifting = useSubmitGuard();
  const reservations = useLoad(listReservations, `seeker-${entry.seekerId}`);
  const mine = (reservations.data ?? [])
    .filter((r) => r.seekerId === entry.seekerId)
    .sort((a, b) => Date.parse(b.requestedAt) - Date.parse(a.requestedAt));
  const suspended = entry.suspension?.active;
  return (
    <section aria-labelledby="seeker-title" className="mt-6">
      <h2 id="seeker-title">{entry.name ?? entry.jobSeekerNumber}</h2>
      <dl className="summary">
        <div>
          <dt>{t('office.seekers.number')}</dt>
          <dd>{entry.jobSeekerNumber}</dd>
        </div>
        <div>
          <dt>{t('office.seekers.standing')}</dt>
          <dd>
            {entry.erased
              ? t('office.seekers.erased')
              : suspended
                ? t('office.seekers.suspendedUntil', {
                    until: formatDate(entry.suspension!.until, language),
                    reason: entry.suspension!.reason,
                  })
                : entry.onRoster
                  ? t('office.seekers.active')
                  : t('office.seekers.notOnRoster')}
          </dd>
        </div>
        {entry.email && (
          <div>
            <dt>{t('office.seekers.email')}</dt>
            <dd>{entry.email}</dd>
          </div>
        )}
        <div>
          <dt>{t('office.seekers.noShows')}</dt>
          <dd>{t('office.seekers.noShowCount', { count: entry.noShows })}</dd>
        </div>
        <div>
          <dt>{t('office.seekers.review')}</dt>
          <dd>{entry.review ? t('office.seekers.reviewOpen') : t('office.seekers.reviewNone')}</dd>
        </div>
      </dl>
      {failure !== undefined && <ErrorNotice error={failure} />}
      {may(session, 'suspend') && !entry.erased && (
        <div className="flex flex-wrap gap-2">
          {!suspended && (
            <button
              type="button"
              className="btn btn-danger"
              aria-expanded={open === 'suspend'}
              onClick={() => setOpen('suspend')}
            >
              {t('office.seekers.suspend')}
            </button>
          )}
          {suspended && (
            <button
              type="button"
              className="btn btn-secondary"
              aria-disabled={lifting.busy}
              onClick={() => {
                setFailure(undefined);
                lifting
                  .run(async () => {
                    await liftSuspension(entry.jobSeekerNumber);
                    onChanged(t('office.seekers.lifted'));
                  })
                  .catch(setFailure);
              }}
            >
              {t('office.seekers.lift')}
            </button>
          )}
          {entry.review && may(session, 'dismissReview') && (
            <button
              type="button"
              className="btn btn-secondary"
              aria-expanded={open === 'dismiss'}
              onClick={() => setOpen('dismiss')}
            >
              {t('office.seekers.dismissReview')}
            </button>
          )}
        </div>
      )}
      {open === 'suspend' && (
        <ReasonForm
          id="suspend-reason"
          label={t('office.seekers.suspendReason')}
          submitLabel={t('office.seekers.suspendSubmit')}
          danger
          onCancel={() => setOpen(undefined)}
          onSubmit={async (reason) => {
            if (!until || until <= jstDate(new Date())) {
              setUntilError(t('office.seekers.untilMissing'));
              document.getElementById('suspend-until')?.focus();
              return;
            }
            setUntilError(undefined);
            await suspend(entry.jobSeekerNumber, reason, until);
            setOpen(undefined);
            onChanged(t('office.seekers.suspended'));
          }}
        >
          <div className="field">
            <label htmlFor="suspend-until" className="label">
              {t('office.seekers.until')}
            </label>
            {untilError && (
              <p className="error-text" id="suspend-until-error" role="alert">
                {untilError}
              </p>
            )}
            <input
              id="suspend-until"
              type="date"
              className="input"
              style={{ maxWidth: '14rem' }}
              value={until}
              aria-invalid={untilError ? true : undefined}
              aria-describedby={untilError ? 'suspend-until-error' : undefined}
              onChange={(e) => setUntil(e.target.value)}
            />
          </div>
        </ReasonForm>
      )}
      {open === 'dismiss' && (
        <ReasonForm
          id="dismiss-note"
          label={t('office.seekers.dismissNote')}
          submitLabel={t('office.seekers.dismissSubmit')}
          required={false}
          onCancel={() => setOpen(undefined)}
          onSubmit={async (note) => {
            await dismissReview(entry.jobSeekerNumber, note);
            setOpen(undefined);
            onChanged(t('office.seekers.dismissed'));
          }}
        />
      )}
      <h3>{t('office.seekers.reservations')}</h3>
      {reservations.loading ? (
        <p role="status">{t('layout.loading')}</p>
      ) : mine.length === 0 ? (
        <p>{t('office.seekers.noReservations')}</p>
      ) : (
        <TableWrap label={t('office.seekers.reservations')}>
          <table className="w-full border-collapse text-left">
            <thead>
              <tr className="border-b-2 border-solid-gray-420">
                <th scope="col" className="p-2">
                  {t('office.requests.numberCol')}
                </th>
                <th scope="col" className="p-2">
                  {t('office.seekers.state')}
                </th>
                <th scope="col" className="p-2">
                  {t('office.seekers.slot')}
                </th>
                <th scope="col" className="p-2">
                  {t('office.requests.requestedAt')}
                </th>
              </tr>
            </thead>
            <tbody>
              {mine.map((r) => (
                <tr key={r.id} className="border-b border-solid-gray-200">
                  <td className="p-2">{r.number ?? r.id}</td>
                  <td className="p-2">
                    <StatusTag status={r.status} />
                  </td>
                  <td className="p-2">{r.slot ? formatSlot(r.slot, language) : '—'}</td>
                  <td className="p-2">{formatDateTime(r.requestedAt, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function RosterImport() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [file, setFile] = useState<File>();
  const [mode, setMode] = useState<'all-or-nothing' | 'good-rows'>('all-or-nothing');
  const [preview, setPreview] = useState<ImportAnswer>();
  const [result, setResult] = useState<ImportAnswer>();
  const [error, setError] = useState<string>();
  const sending = useSubmitGuard();

  async function check(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setError(t('office.import.fileMissing'));
      document.getElementById('roster-file')?.focus();
      return;
    }
    await sending.run(async () => {
      setError(undefined);
      setResult(undefined);
      try {
        setPreview(await importRoster(file, mode, true));
      } catch (e) {
        setError(errorText(e));
      }
    });
  }
  async function apply() {
    if (!file) return;
    await sending.run(async () => {
      try {
        setResult(await importRoster(file, mode, false));
        setPreview(undefined);
      } catch (e) {
        setError(errorText(e));
      }
    });
  }
  const refused = (answer: ImportAnswer) => answer.body.rejected ?? answer.body.details?.rejected ?? [];
  const reasons = (row: { reasons: Array<{ code?: string; field?: string; message?: string } | string> }) =>
    row.reasons
      .map((r) => (typeof r === 'string' ? r : `${r.message ?? r.code}${r.field ? `（${r.field}）` : ''}`))
      .join('、');
  const previewOk = preview && preview.status < 300;
  const canApply =
    previewOk && (mode === 'good-rows' || refused(preview).length === 0) && (preview.body.willImport ?? 0) > 0;
  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">{t('office.import.title')}</h2>
      <p>{t('office.import.lead')}</p>
      <form noValidate onSubmit={check}>
        <div className="field">
          <label htmlFor="roster-file" className="label">
            {t('office.import.file')}
          </label>
          <p className="hint" id="roster-file-hint">
            {t('office.import.fileHint')}
          </p>
          {error && (
            <p className="error-text" id="roster-file-error" role="alert">
              {error}
            </p>
          )}
          <input
            id="roster-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={['roster-file-hint', error && 'roster-file-error'].filter(Boolean).join(' ')}
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0]);
              setPreview(undefined);
              setResult(undefined);
            }}
          />
        </div>
        <fieldset className="field border-0 p-0">
          <legend className="label">{t('office.import.mode')}</legend>
          {(['all-or-nothing', 'good-rows'] as const).map((m) => (
            <label key={m} className="mb-2 flex items-center gap-2">
              <input
                type="radio"
                name="import-mode"
                className="h-5 w-5"
                checked={mode === m}
                onChange={() => {
                  setMode(m);
                  setPreview(undefined);
                }}
              />
              <span>{t(`office.import.modes.${m}`)}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn btn-secondary" aria-disabled={sending.busy}>
          {t('office.import.check')}
        </button>
      </form>
      <div role="status" aria-live="polite">
        {preview && (
          <div className="panel mt-4" data-testid="import-preview">
            <h3 className="mt-0">{t('office.import.previewTitle')}</h3>
            {previewOk ? (
              <p>
                {t('office.import.previewSummary', {
                  rows: preview.body.rows ?? 0,
                  good: preview.body.goodRows ?? 0,
                  bad: refused(preview).length,
                })}
              </p>
            ) : (
              <p className="error-text">{preview.body.message ?? preview.body.code}</p>
            )}
            {mode === 'all-or-nothing' && refused(preview).length > 0 && (
              <p className="font-bold">{t('office.import.allOrNothingRefused')}</p>
            )}
          </div>
        )}
        {result && (
          <div className="notice mt-4" data-testid="import-result">
            {result.status < 300 ? (
              <p className="mb-0">
                {t('office.import.done', {
                  registered: result.body.registered ?? 0,
                  updated: result.body.updated ?? 0,
                  unchanged: result.body.unchanged ?? 0,
                  bad: refused(result).length,
                })}
              </p>
            ) : (
              <p className="mb-0">{result.body.message ?? result.body.code}</p>
            )}
          </div>
        )}
      </div>
      {[preview, result].map(
        (answer, index) =>
          answer &&
          refused(answer).length > 0 && (
            <TableWrap key={index} label={t('office.import.refused')}>
              <table className="w-full border-collapse text-left">
                <caption className="text-left font-bold">{t('office.import.refused')}</caption>
                <thead>
                  <tr className="border-b-2 border-solid-gray-420">
                    <th scope="col" className="p-2">
                      {t('office.import.line')}
                    </th>
                    <th scope="col" className="p-2">
                      {t('office.import.reasons')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {refused(answer).map((row) => (
                    <tr key={row.line} className="border-b border-solid-gray-200">
                      <td className="p-2">{row.line}</td>
                      <td className="p-2">{reasons(row as never)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ),
      )}
      {canApply && (
        <button type="button" className="btn btn-primary" aria-disabled={sending.busy} onClick={() => void apply()}>
          {t('office.import.apply', { count: preview.body.willImport ?? 0 })}
        </button>
      )}
    </section>
  );
}

/** R72: the seekers of the member's offices whose number or name holds the search. */
function RosterMatches({ query, onOpen }: { query: string; onOpen: (no: string) => void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const found = useLoad(() => searchRoster(query), query);
  if (found.error !== undefined) return <ErrorNotice error={found.error} />;
  if (!found.data) return null;
  const { seekers, total, truncated } = found.data;
  if (seekers.length === 0) return <p className="notice mt-4">{t('office.seekers.noMatches', { query })}</p>;
  return (
    <section aria-labelledby="roster-matches" className="mt-6">
      <h2 id="roster-matches">{t('office.seekers.matches', { count: total })}</h2>
      {truncated && <p className="notice">{t('office.seekers.truncated', { shown: seekers.length })}</p>}
      <TableWrap label={t('office.seekers.matches', { count: total })}>
        <table className="w-full border-collapse text-left">
          <thead>
            <tr className="border-b-2 border-solid-gray-420">
              <th scope="col" className="p-2">
                {t('office.seekers.number')}
              </th>
              <th scope="col" className="p-2">
                {t('office.seekers.name')}
              </th>
              <th scope="col" className="p-2">
                {t('office.seekers.standing')}
              </th>
              <th scope="col" className="p-2">
                {t('office.seekers.noShows')}
              </th>
            </tr>
          </thead>
          <tbody>
            {seekers.map((seeker) => (
              <tr key={seeker.jobSeekerNumber} className="border-b border-solid-gray-200">
                <td className="p-2">
                  <Link
                    to={`/office/seekers?no=${encodeURIComponent(seeker.jobSeekerNumber)}`}
                    onClick={() => onOpen(seeker.jobSeekerNumber)}
                  >
                    {seeker.jobSeekerNumber}
                  </Link>
                </td>
                <td className="p-2">{seeker.name}</td>
                <td className="p-2">
                  {seeker.suspendedUntil
                    ? t('office.seekers.suspendedShort', {
                        // The end is the midnight after the last day (R42): show that day.
                        until: formatDate(
                          jstDate(new Date(Date.parse(seeker.suspendedUntil) - 1).toISOString()),
                          language,
                        ),
                      })
                    : seeker.review
                      ? t('office.seekers.reviewOpen')
                      : t('office.seekers.active')}
                </td>
                <td className="p-2">{seeker.noShows}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

export function SeekersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [number, setNumber] = useState(params.get('no') ?? params.get('q') ?? '');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [round, setRound] = useState(0);
  const searched = params.get('no') ?? '';
  const query = params.get('q') ?? '';
  const entry = useLoad(() => (searched ? getSeeker(searched) : Promise.resolve(undefined)), `${searched}#${round}`);

  function search(event: FormEvent) {
    event.preventDefault();
    const typed = number.trim();
    if (!typed) {
      setError(t('office.seekers.searchMissing'));
      document.getElementById('seeker-search')?.focus();
      return;
    }
    setError(undefined);
    setDone(undefined);
    // A whole number opens that seeker; anything else searches the roster.
    setParams(isJobSeekerNumber(typed) ? { no: normalizeJobSeekerNumber(typed) } : { q: typed.slice(0, 100) });
  }
  const notFound = entry.error instanceof ApiError && entry.error.status === 404;
  return (
    <>
      <PageHeading>{t('office.seekers.title')}</PageHeading>
      <p>{t('office.seekers.lead')}</p>
      <form noValidate onSubmit={search} role="search">
        <div className="field mb-0">
          <label htmlFor="seeker-search" className="label">
            {t('office.seekers.search')}
          </label>
          <p className="hint" id="seeker-search-hint">
            {t('office.seekers.searchHint')}
          </p>
          {error && (
            <p className="error-text" id="seeker-search-error" role="alert">
              {error}
            </p>
          )}
          {/* The field and its button on one row under the label and hint. */}
          <div className="flex flex-wrap items-center gap-3">
            <input
              id="seeker-search"
              className="input"
              style={{ maxWidth: '18rem' }}
              value={number}
              maxLength={100}
              autoComplete="off"
              aria-invalid={error ? true : undefined}
              aria-describedby={['seeker-search-hint', error && 'seeker-search-error'].filter(Boolean).join(' ')}
              onChange={(e) => setNumber(e.target.value)}
            />
            <button type="submit" className="btn btn-primary">
              {t('office.seekers.find')}
            </button>
          </div>
        </div>
      </form>
      <Done message={done} />
      {query && !searched && <RosterMatches query={query} onOpen={(no) => setNumber(no)} />}
      {notFound && <p className="notice mt-4">{t('office.seekers.notFound', { number: searched })}</p>}
      {entry.error !== undefined && !notFound && <ErrorNotice error={entry.error} />}
      {entry.data && (
        <SeekerDetail
          key={`${entry.data.seekerId}-${round}`}
          entry={entry.data}
          onChanged={(message) => {
            setDone(message);
            setRound((n) => n + 1);
          }}
        />
      )}
      <RosterImport />
    </>
  );
}
