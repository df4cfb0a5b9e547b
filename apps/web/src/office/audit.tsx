// The auditor's desk: the event history with filters and paging and one reservation's
// whole story (R53; device data only as pseudonyms, R52), the integrity check of the
// hash chain, the month's usage by day and slot with a CSV download for Excel (UTF-8 with
// BOM), and disclosures of device data (R52): one supervisor asks, another finds it in the
// list of their offices' disclosures (R74) and approves in their own session, and the
// records shown are themselves recorded.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { ErrorNotice, Notice, PageHeading, useErrorText } from '../components/ui';
import { currentLanguage } from '../i18n';
import { formatDateTime, jstDate } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { useSubmitGuard } from '../lib/use-submit-guard';
import { isJobSeekerNumber, normalizeJobSeekerNumber } from '../lib/validation';
import { TableWrap } from './ui';
import { useStaff } from './use-staff';
import {
  approveDisclosure,
  auditEvents,
  DAY_COUNTS,
  getDisclosure,
  integrity,
  listDisclosures,
  requestDisclosure,
  SLOT_COUNTS,
  usage,
  type AuditEvent,
  type DisclosureSummary,
  type IntegrityReport,
  type UsageReport,
} from './views';

const CATEGORIES = ['reservation', 'eligibility', 'notification', 'access', 'terms', 'office', 'disclosure', 'other'];
const PAGE = 50;

function EventsTable({ events, label }: { events: AuditEvent[]; label: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <TableWrap label={label}>
      <table className="w-full border-collapse text-left text-dns-16N-130">
        <thead>
          <tr className="border-b-2 border-solid-gray-420">
            <th scope="col" className="p-2">
              {t('office.history.position')}
            </th>
            <th scope="col" className="p-2">
              {t('office.history.at')}
            </th>
            <th scope="col" className="p-2">
              {t('office.history.category')}
            </th>
            <th scope="col" className="p-2">
              {t('office.history.type')}
            </th>
            <th scope="col" className="p-2">
              {t('office.history.stream')}
            </th>
            <th scope="col" className="p-2">
              {t('office.history.data')}
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => {
            const reservation = /^reservation-(.+)$/.exec(event.stream)?.[1];
            return (
              <tr key={event.position} className="border-b border-solid-gray-200 align-top" data-testid="audit-event">
                <td className="p-2">{event.position}</td>
                <td className="whitespace-nowrap p-2">{formatDateTime(event.at, language)}</td>
                <td className="p-2">
                  {event.category
                    ? t(`office.history.categories.${event.category}`, { defaultValue: event.category })
                    : ''}
                </td>
                <td className="p-2">{event.type}</td>
                <td className="break-all p-2">
                  {reservation ? (
                    <Link to={`/office/history/reservation/${encodeURIComponent(reservation)}`}>{event.stream}</Link>
                  ) : (
                    event.stream
                  )}
                </td>
                <td className="p-2">
                  <details>
                    <summary className="cursor-pointer text-blue-1000 underline">{t('office.history.show')}</summary>
                    <pre className="max-w-xl overflow-x-auto whitespace-pre-wrap break-all text-dns-14N-130">
                      {JSON.stringify(event.data, null, 2)}
                    </pre>
                  </details>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

function HistoryList() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState({
    category: params.get('category') ?? '',
    since: params.get('since') ?? '',
    until: params.get('until') ?? '',
    text: params.get('q') ?? '',
  });
  const from = params.get('from') ?? undefined;
  const query = {
    limit: PAGE,
    ...(from ? { from } : {}),
    ...(params.get('category') ? { category: params.get('category')! } : {}),
    ...(params.get('since') ? { since: `${params.get('since')}T00:00:00+09:00` } : {}),
    ...(params.get('until') ? { until: `${params.get('until')}T23:59:59.999+09:00` } : {}),
  };
  const page = useLoad(() => auditEvents(query), JSON.stringify(query));
  const text = (params.get('q') ?? '').trim();
  const events = (page.data?.events ?? []).filter(
    (e) => !text || `${e.stream} ${e.type} ${JSON.stringify(e.data)}`.includes(text),
  );
  const [previous, setPrevious] = useState<string[]>([]);
  function apply(event: FormEvent) {
    event.preventDefault();
    setPrevious([]);
    const next: Record<string, string> = {};
    if (form.category) next.category = form.category;
    if (form.since) next.since = form.since;
    if (form.until) next.until = form.until;
    if (form.text.trim()) next.q = form.text.trim();
    setParams(next);
  }
  const go = (position?: string) => {
    const next = new URLSearchParams(params);
    if (position) next.set('from', position);
    else next.delete('from');
    setParams(next);
  };
  return (
    <>
      <PageHeading>{t('office.history.title')}</PageHeading>
      <p>{t('office.history.lead')}</p>
      <form noValidate onSubmit={apply} className="panel">
        <div className="grid gap-x-4 sm:grid-cols-2 lg:grid-cols-4">
          <div className="field">
            <label htmlFor="history-category" className="label">
              {t('office.history.category')}
            </label>
            <select
              id="history-category"
              className="input"
              value={form.category}
              onChange={(e) => setForm({ ...form, category: e.target.value })}
            >
              <option value="">{t('office.history.all')}</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`office.history.categories.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="history-since" className="label">
              {t('office.history.since')}
            </label>
            <input
              id="history-since"
              type="date"
              className="input"
              value={form.since}
              onChange={(e) => setForm({ ...form, since: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="history-until" className="label">
              {t('office.history.until')}
            </label>
            <input
              id="history-until"
              type="date"
              className="input"
              value={form.until}
              onChange={(e) => setForm({ ...form, until: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="history-text" className="label">
              {t('office.history.text')}
            </label>
            <input
              id="history-text"
              className="input"
              value={form.text}
              onChange={(e) => setForm({ ...form, text: e.target.value })}
              aria-describedby="history-text-hint"
            />
            <p className="hint" id="history-text-hint">
              {t('office.history.textHint')}
            </p>
          </div>
        </div>
        <button type="submit" className="btn btn-primary">
          {t('office.history.apply')}
        </button>
      </form>
      <OpenByKey
        id="history-story"
        label={t('office.history.storyKey')}
        action={t('office.history.storyOpen')}
        to={(key) => `/office/history/reservation/${encodeURIComponent(key)}`}
      />
      {page.error !== undefined && <ErrorNotice error={page.error} />}
      {page.loading ? (
        <p role="status">{t('layout.loading')}</p>
      ) : (
        <>
          <p role="status">{t('office.history.shown', { count: events.length, from: from ?? '—' })}</p>
          <EventsTable events={events} label={t('office.history.title')} />
        </>
      )}
      <nav aria-label={t('office.history.paging')} className="flex flex-wrap gap-3">
        {from && (
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => {
              const back = previous.at(-1);
              setPrevious(previous.slice(0, -1));
              go(back);
            }}
          >
            {t('office.history.previous')}
          </button>
        )}
        {page.data?.next && page.data.events.length === PAGE && (
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => {
              setPrevious([...previous, ...(from ? [from] : [])]);
              go(page.data!.next!);
            }}
          >
            {t('office.history.next')}
          </button>
        )}
      </nav>
    </>
  );
}

/**
 * Every record of one reservation, read through the whole history: the reservation is
 * named by its id or by its number (which its first record carries); its records are
 * those of its stream `reservation-<id>` and any other that names it.
 */
async function storyOf(key: string): Promise<AuditEvent[]> {
  const all: AuditEvent[] = [];
  let from: string | undefined;
  for (let pages = 0; pages < 200; pages++) {
    const page = await auditEvents({ limit: 1000, ...(from ? { from } : {}) });
    all.push(...page.events);
    if (!page.next || page.events.length < 1000) break;
    from = page.next;
  }
  const streams = new Set(
    all
      .filter((e) => e.stream === `reservation-${key}` || JSON.stringify(e.data).includes(`"${key}"`))
      .map((e) => e.stream),
  );
  const ids = [...streams].map((s) => /^reservation-(.+)$/.exec(s)?.[1]).filter((id): id is string => Boolean(id));
  return all.filter((e) => streams.has(e.stream) || ids.some((id) => JSON.stringify(e.data).includes(id)));
}

function ReservationStory() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const story = useLoad(() => storyOf(id), id);
  return (
    <>
      <p className="mb-6">
        <Link to="/office/history">‹ {t('office.history.title')}</Link>
      </p>
      <PageHeading caption={id}>{t('office.history.storyTitle')}</PageHeading>
      {story.error !== undefined && <ErrorNotice error={story.error} />}
      {story.loading ? (
        <p role="status">{t('layout.loading')}</p>
      ) : (
        <>
          <p>{t('office.history.storyCount', { count: story.data?.length ?? 0 })}</p>
          <ol className="mb-6">
            {(story.data ?? []).map((e) => (
              <li key={e.position}>
                {formatDateTime(e.at, currentLanguage())} — {e.type}
              </li>
            ))}
          </ol>
          <EventsTable events={story.data ?? []} label={t('office.history.storyTitle')} />
        </>
      )}
    </>
  );
}

export function HistoryPage() {
  return (
    <Routes>
      <Route index element={<HistoryList />} />
      <Route path="reservation/:id" element={<ReservationStory />} />
    </Routes>
  );
}

export function IntegrityPage() {
  const { t } = useTranslation();
  const [report, setReport] = useState<IntegrityReport & { total: number }>();
  const [failure, setFailure] = useState<unknown>();
  const checking = useSubmitGuard();
  async function run() {
    await checking.run(async () => {
      setFailure(undefined);
      setReport(undefined);
      try {
        // A long history is checked in parts: each answer with `next` is continued.
        let total = 0;
        let from: string | undefined;
        for (;;) {
          const part = await integrity(from);
          total += part.checked;
          if (!part.ok || !part.next) {
            setReport({ ...part, total });
            break;
          }
          from = part.next;
        }
      } catch (error) {
        setFailure(error);
      }
    });
  }
  return (
    <>
      <PageHeading>{t('office.integrity.title')}</PageHeading>
      <p>{t('office.integrity.lead')}</p>
      <button type="button" className="btn btn-primary" aria-disabled={checking.busy} onClick={() => void run()}>
        {checking.busy ? t('office.integrity.running') : t('office.integrity.run')}
      </button>
      <div role="status" aria-live="polite" className="mt-6">
        {report && (
          <div className={report.ok ? 'notice' : 'notice-error'} data-testid="integrity-result">
            <h2 className="mt-0">{report.ok ? t('office.integrity.ok') : t('office.integrity.bad')}</h2>
            <dl className="summary mb-0">
              <div>
                <dt>{t('office.integrity.checked')}</dt>
                <dd>{t('office.integrity.records', { count: report.total })}</dd>
              </div>
              {!report.ok && (
                <div>
                  <dt>{t('office.integrity.firstBad')}</dt>
                  <dd>
                    {report.firstBadPosition}
                    {report.problem && `（${t(`office.integrity.problems.${report.problem}`)}）`}
                    {report.badPositions !== undefined &&
                      ` ${t('office.integrity.badCount', { count: report.badPositions })}`}
                  </dd>
                </div>
              )}
              <div>
                <dt>{t('office.integrity.lastHash')}</dt>
                <dd className="break-all font-mono text-dns-14N-130">{report.lastHash}</dd>
              </div>
            </dl>
          </div>
        )}
      </div>
      {failure !== undefined && <ErrorNotice error={failure} />}
    </>
  );
}

/** The month as CSV for Excel in Japan: UTF-8 with a BOM, CRLF, one row per day and slot. */
export function usageCsv(report: UsageReport, heading: (key: string) => string): string {
  const columns = ['date', 'slot', ...SLOT_COUNTS];
  const rows = [columns.map(heading)];
  for (const day of report.days) {
    rows.push([
      day.date,
      heading('dayRow'),
      ...SLOT_COUNTS.map((k) => String(day.slots.reduce((n, s) => n + s[k], 0))),
    ]);
    for (const slot of day.slots) rows.push([day.date, slot.start, ...SLOT_COUNTS.map((k) => String(slot[k]))]);
  }
  rows.push([heading('total'), '', ...SLOT_COUNTS.map((k) => String(report.totals[k]))]);
  const dayRows = [
    [heading('date'), ...DAY_COUNTS.map(heading)],
    ...report.days.map((d) => [d.date, ...DAY_COUNTS.map((k) => String(d[k]))]),
  ];
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return `\uFEFF${[...rows, [], ...dayRows].map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}

export function UsagePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? jstDate(new Date()).slice(0, 7);
  const report = useLoad(() => usage(month), month);
  const data = report.data;
  const slots = [...new Set((data?.days ?? []).flatMap((d) => d.slots.map((s) => s.start)))].sort();
  const max = Math.max(
    1,
    ...(data?.days ?? []).map((d) =>
      Math.max(
        d.requests,
        d.slots.reduce((n, s) => n + s.confirmed, 0),
      ),
    ),
  );
  const heading = (key: string) => t(`office.usage.columns.${key}`);
  function download() {
    if (!data) return;
    const blob = new Blob([usageCsv(data, heading)], { type: 'text/csv;charset=utf-8' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `soudan-usage-${data.month}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }
  return (
    <>
      <PageHeading>{t('office.usage.title')}</PageHeading>
      <p>{t('office.usage.lead')}</p>
      <div className="flex flex-wrap items-end gap-4">
        <div className="field">
          <label htmlFor="usage-month" className="label">
            {t('office.usage.month')}
          </label>
          <input
            id="usage-month"
            type="month"
            className="input"
            style={{ maxWidth: '14rem' }}
            value={month}
            onChange={(e) => e.target.value && setParams({ month: e.target.value })}
          />
        </div>
        <button type="button" className="btn btn-primary mb-6" onClick={download} aria-disabled={!data}>
          {t('office.usage.download')}
        </button>
      </div>
      {report.error !== undefined && <ErrorNotice error={report.error} />}
      {report.loading && <p role="status">{t('layout.loading')}</p>}
      {data && (
        <>
          <h2>{t('office.usage.totals')}</h2>
          <dl className="summary">
            {[...DAY_COUNTS, ...SLOT_COUNTS].map((k) => (
              <div key={k}>
                <dt>{heading(k)}</dt>
                <dd>{data.totals[k]}</dd>
              </div>
            ))}
          </dl>
          <h2>{t('office.usage.chart')}</h2>
          {data.days.length === 0 && <p>{t('office.usage.empty')}</p>}
          <div aria-hidden="true" className="mb-6">
            {data.days.map((d) => {
              const booked = d.slots.reduce((n, s) => n + s.confirmed, 0);
              return (
                <div key={d.date} className="mb-1 flex items-center gap-2 text-dns-14N-130">
                  <span className="w-24 shrink-0">{d.date.slice(5)}</span>
                  <span className="flex flex-1 flex-col gap-[2px]">
                    <span className="block h-3 bg-blue-600" style={{ width: `${(d.requests / max) * 100}%` }} />
                    <span className="block h-3 bg-green-700" style={{ width: `${(booked / max) * 100}%` }} />
                  </span>
                </div>
              );
            })}
            {data.days.length > 0 && (
              <p className="flex gap-4 text-dns-14N-130">
                <span>
                  <span className="mr-1 inline-block h-3 w-6 bg-blue-600" />
                  {heading('requests')}
                </span>
                <span>
                  <span className="mr-1 inline-block h-3 w-6 bg-green-700" />
                  {heading('confirmed')}
                </span>
              </p>
            )}
          </div>
          <h2>{t('office.usage.byDaySlot')}</h2>
          <TableWrap label={t('office.usage.byDaySlot')}>
            <table className="border-collapse text-left">
              <caption className="text-left text-dns-14N-130">{t('office.usage.cellNote')}</caption>
              <thead>
                <tr className="border-b-2 border-solid-gray-420">
                  <th scope="col" className="p-2">
                    {heading('date')}
                  </th>
                  <th scope="col" className="p-2">
                    {heading('requests')}
                  </th>
                  {slots.map((s) => (
                    <th key={s} scope="col" className="p-2">
                      {s}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.days.map((d) => (
                  <tr key={d.date} className="border-b border-solid-gray-200">
                    <th scope="row" className="p-2 font-normal">
                      {d.date}
                    </th>
                    <td className="p-2">{d.requests}</td>
                    {slots.map((s) => {
                      const slot = d.slots.find((x) => x.start === s);
                      return (
                        <td key={s} className="p-2">
                          {slot ? `${slot.confirmed} / ${slot.completed}` : '—'}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </>
  );
}

/**
 * R52: the disclosures of the member's offices (R74), newest first: those waiting for a
 * second supervisor, each opened to approve it (the requester's own marked: they cannot
 * approve it), then those approved. Requests only: no record is shown here.
 */
function DisclosureLists() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { session } = useStaff();
  const listed = useLoad(() => listDisclosures(), 'all');
  const all = listed.data ?? [];
  const mine = (d: DisclosureSummary) => d.requestedBy === `staff:${session?.username}`;
  const table = (label: string, rows: DisclosureSummary[], approved: boolean) => (
    <TableWrap label={label}>
      <table className="w-full border-collapse text-left text-dns-16N-130">
        <thead>
          <tr className="border-b-2 border-solid-gray-420">
            <th scope="col" className="p-2">
              {t('office.disclosures.fields.authority')}
            </th>
            <th scope="col" className="p-2">
              {t('office.disclosures.scope')}
            </th>
            <th scope="col" className="p-2">
              {t('office.disclosures.requestedBy')}
            </th>
            {approved && (
              <th scope="col" className="p-2">
                {t('office.disclosures.approvedBy')}
              </th>
            )}
            <th scope="col" className="p-2">
              <span className="sr-only">{t('office.disclosures.open')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} className="border-b border-solid-gray-420" data-testid="disclosure-row">
              {/* On a phone the columns keep a readable width and the table scrolls in its region. */}
              <td className="min-w-[7rem] p-2">{d.authority}</td>
              <td className="p-2">
                <span className="whitespace-nowrap">{d.scope.from}〜</span>
                <span className="whitespace-nowrap">{d.scope.to}</span>
              </td>
              <td className="p-2">
                {d.requestedBy}（{formatDateTime(d.requestedAt, language)}）
                {mine(d) && (
                  <>
                    <br />
                    {/* Approved, it only says whose it was: "cannot approve" is for the pending list. */}
                    <strong>{t(approved ? 'office.disclosures.yoursApproved' : 'office.disclosures.yours')}</strong>
                  </>
                )}
              </td>
              {approved && (
                <td className="p-2">
                  {d.approvedBy}
                  {d.approvedAt && `（${formatDateTime(d.approvedAt, language)}）`}
                </td>
              )}
              <td className="whitespace-nowrap p-2">
                <Link to={`/office/disclosures/${d.id}`}>
                  {!approved && !mine(d) ? t('office.disclosures.openToApprove') : t('office.disclosures.open')}
                  <span className="sr-only">{`（${d.authority} ${formatDateTime(d.requestedAt, language)}）`}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
  const pending = all.filter((d) => d.status === 'requested');
  const approved = all.filter((d) => d.status === 'approved');
  return (
    <>
      <h2>{t('office.disclosures.pendingTitle')}</h2>
      {listed.error !== undefined && <ErrorNotice error={listed.error} />}
      {listed.loading && <p role="status">{t('layout.loading')}</p>}
      {listed.data &&
        (pending.length === 0 ? (
          <p>{t('office.disclosures.nonePending')}</p>
        ) : (
          <>
            {pending.some(mine) && <p>{t('office.disclosures.yoursLead')}</p>}
            {table(t('office.disclosures.pendingTitle'), pending, false)}
          </>
        ))}
      <h2>{t('office.disclosures.approvedTitle')}</h2>
      {listed.data &&
        (approved.length === 0 ? (
          <p>{t('office.disclosures.noneApproved')}</p>
        ) : (
          table(t('office.disclosures.approvedTitle'), approved, true)
        ))}
    </>
  );
}

function DisclosureRequestForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const [values, setValues] = useState({ authority: '', legalBasis: '', number: '', from: '', to: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const sending = useSubmitGuard();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!values.authority.trim()) found.authority = t('office.disclosures.missing');
    if (!values.legalBasis.trim()) found.legalBasis = t('office.disclosures.missing');
    if (values.number.trim() && !isJobSeekerNumber(values.number)) found.number = t('validation.numberFormat');
    if (!values.from) found.from = t('office.disclosures.missing');
    if (!values.to || (values.from && values.to < values.from)) found.to = t('office.disclosures.periodBad');
    setErrors(found);
    setFailure(undefined);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`disclosure-${first}`)?.focus();
      return;
    }
    try {
      // Kept shut after a success: the page moves on to the request just made.
      await sending.run(
        async () => {
          const made = await requestDisclosure({
            authority: values.authority.trim(),
            legalBasis: values.legalBasis.trim(),
            scope: {
              ...(values.number.trim() ? { jobSeekerNumber: normalizeJobSeekerNumber(values.number) } : {}),
              from: values.from,
              to: values.to,
            },
          });
          navigate(`/office/disclosures/${made.id}`);
        },
        { hold: true },
      );
    } catch (error) {
      setFailure(error);
    }
  }
  const field = (key: keyof typeof values, type = 'text', hint?: string) => (
    <div className="field">
      <label htmlFor={`disclosure-${key}`} className="label">
        {t(`office.disclosures.fields.${key}`)}
      </label>
      {hint && (
        <p className="hint" id={`disclosure-${key}-hint`}>
          {hint}
        </p>
      )}
      {errors[key] && (
        <p className="error-text" id={`disclosure-${key}-error`} role="alert">
          {errors[key]}
        </p>
      )}
      <input
        id={`disclosure-${key}`}
        type={type}
        className="input"
        style={type === 'date' ? { maxWidth: '14rem' } : undefined}
        value={values[key]}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={
          [hint && `disclosure-${key}-hint`, errors[key] && `disclosure-${key}-error`].filter(Boolean).join(' ') ||
          undefined
        }
        onChange={(e) => setValues({ ...values, [key]: e.target.value })}
      />
    </div>
  );
  return (
    <>
      <PageHeading>{t('office.disclosures.title')}</PageHeading>
      <p>{t('office.disclosures.lead')}</p>
      <DisclosureLists />
      <form noValidate onSubmit={submit}>
        <h2>{t('office.disclosures.requestTitle')}</h2>
        {field('authority', 'text', t('office.disclosures.authorityHint'))}
        {field('legalBasis', 'text', t('office.disclosures.legalBasisHint'))}
        {field('number', 'text', t('office.disclosures.numberHint'))}
        {field('from', 'date')}
        {field('to', 'date')}
        {failure !== undefined && (
          <p className="error-text" role="alert">
            {errorText(failure)}
          </p>
        )}
        <button type="submit" className="btn btn-primary" aria-disabled={sending.busy}>
          {t('office.disclosures.submit')}
        </button>
      </form>
      <h2>{t('office.disclosures.openTitle')}</h2>
      <OpenByKey
        id="disclosure-open"
        label={t('office.disclosures.openId')}
        action={t('office.disclosures.open')}
        to={(key) => `/office/disclosures/${encodeURIComponent(key)}`}
      />
    </>
  );
}

function DisclosureDetail() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { id = '' } = useParams();
  const { session } = useStaff();
  const [round, setRound] = useState(0);
  const [failure, setFailure] = useState<unknown>();
  const approving = useSubmitGuard();
  const disclosure = useLoad(() => getDisclosure(id), `${id}#${round}`);
  const d = disclosure.data;
  const mine = d && d.requestedBy === `staff:${session?.username}`;
  return (
    <>
      <p className="mb-6">
        <Link to="/office/disclosures">‹ {t('office.disclosures.title')}</Link>
      </p>
      <PageHeading caption={id}>{t('office.disclosures.detailTitle')}</PageHeading>
      {disclosure.error !== undefined &&
        (disclosure.error instanceof ApiError && disclosure.error.status === 404 ? (
          <p className="notice">{t('office.disclosures.notFound')}</p>
        ) : (
          <ErrorNotice error={disclosure.error} />
        ))}
      {disclosure.loading && <p role="status">{t('layout.loading')}</p>}
      {d && (
        <>
          <dl className="summary">
            <div>
              <dt>{t('office.disclosures.state')}</dt>
              <dd data-testid="disclosure-state">{t(`office.disclosures.states.${d.status}`)}</dd>
            </div>
            <div>
              <dt>{t('office.disclosures.fields.authority')}</dt>
              <dd>{d.authority}</dd>
            </div>
            <div>
              <dt>{t('office.disclosures.fields.legalBasis')}</dt>
              <dd>{d.legalBasis}</dd>
            </div>
            <div>
              <dt>{t('office.disclosures.scope')}</dt>
              <dd>
                {d.scope.from}〜{d.scope.to}
                {d.scope.seekerId && `（${t('office.disclosures.seekerPseudonym', { id: d.scope.seekerId })}）`}
              </dd>
            </div>
            <div>
              <dt>{t('office.disclosures.requestedBy')}</dt>
              <dd>
                {d.requestedBy}（{formatDateTime(d.requestedAt, language)}）
              </dd>
            </div>
            {d.approvedBy && (
              <div>
                <dt>{t('office.disclosures.approvedBy')}</dt>
                <dd>
                  {d.approvedBy}（{formatDateTime(d.approvedAt!, language)}）
                </dd>
              </div>
            )}
          </dl>
          {d.status === 'requested' && mine && <Notice>{t('office.disclosures.waitForSecond')}</Notice>}
          {d.status === 'requested' && !mine && (
            <>
              <p>{t('office.disclosures.approveLead')}</p>
              <button
                type="button"
                className="btn btn-primary"
                aria-disabled={approving.busy}
                onClick={() => {
                  setFailure(undefined);
                  // Kept shut after a success: the button goes once the approval is read back.
                  approving
                    .run(
                      async () => {
                        await approveDisclosure(d.id);
                        setRound((n) => n + 1);
                      },
                      { hold: true },
                    )
                    .catch(setFailure);
                }}
              >
                {t('office.disclosures.approve')}
              </button>
            </>
          )}
          {failure !== undefined && <ErrorNotice error={failure} />}
          {d.status === 'approved' && (
            <>
              <h2>{t('office.disclosures.records')}</h2>
              <Notice tone="warning" title={t('office.disclosures.recordedTitle')}>
                <p className="mb-0">{t('office.disclosures.recorded')}</p>
              </Notice>
              {(d.records ?? []).length === 0 ? (
                <p>{t('office.disclosures.noRecords')}</p>
              ) : (
                <TableWrap label={t('office.disclosures.records')}>
                  <table className="w-full border-collapse text-left text-dns-16N-130">
                    <thead>
                      <tr className="border-b-2 border-solid-gray-420">
                        <th scope="col" className="p-2">
                          {t('office.history.position')}
                        </th>
                        <th scope="col" className="p-2">
                          {t('office.history.at')}
                        </th>
                        <th scope="col" className="p-2">
                          {t('office.history.type')}
                        </th>
                        <th scope="col" className="p-2">
                          {t('office.disclosures.ip')}
                        </th>
                        <th scope="col" className="p-2">
                          {t('office.disclosures.userAgent')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {(d.records ?? []).map((r) => {
                        const device = r.device as
                          { ip?: string | null; userAgent?: string | null; erased?: boolean } | undefined;
                        return (
                          <tr
                            key={r.position}
                            className="border-b border-solid-gray-200 align-top"
                            data-testid="disclosed-record"
                          >
                            <td className="p-2">{r.position}</td>
                            <td className="whitespace-nowrap p-2">{formatDateTime(r.at, language)}</td>
                            <td className="p-2">{r.type}</td>
                            <td className="p-2">
                              {device?.erased ? t('office.disclosures.erased') : (device?.ip ?? '—')}
                            </td>
                            <td className="break-all p-2">{device?.erased ? '' : (device?.userAgent ?? '—')}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </TableWrap>
              )}
            </>
          )}
        </>
      )}
    </>
  );
}

export function DisclosuresPage() {
  return (
    <Routes>
      <Route index element={<DisclosureRequestForm />} />
      <Route path=":id" element={<DisclosureDetail />} />
    </Routes>
  );
}

/** One field and a button that opens the page a key names (a reservation's story, a disclosure). */
function OpenByKey({
  id,
  label,
  action,
  to,
}: {
  id: string;
  label: string;
  action: string;
  to: (key: string) => string;
}) {
  const [key, setKey] = useState('');
  const navigate = useNavigate();
  return (
    <form
      noValidate
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (key.trim()) navigate(to(key.trim()));
      }}
    >
      <div className="field mb-0">
        <label htmlFor={id} className="label">
          {label}
        </label>
        <input
          id={id}
          className="input"
          style={{ maxWidth: '24rem' }}
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
      </div>
      <button type="submit" className="btn btn-secondary">
        {action}
      </button>
    </form>
  );
}
