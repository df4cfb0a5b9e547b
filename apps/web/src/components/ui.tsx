// Building blocks every screen uses, in the design system's look and with GOV.UK's
// patterns: a page heading that takes focus on arrival (screen readers hear the new
// page), an error summary that links to each field, errors beside their field.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';

/** The first page of a visit is read from its top; later pages start at their heading. */
let firstPage = true;

export function PageHeading({ children, caption }: { children: string; caption?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} | ${t('meta.titleSuffix')}`;
  }, [children, t]);
  useEffect(() => {
    // A new page in the app: move focus to its heading, as a page load would.
    if (firstPage) firstPage = false;
    else ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <>
      {caption && <p className="mb-1 text-std-16N-170 text-solid-gray-700">{caption}</p>}
      <h1 ref={ref} tabIndex={-1} className="outline-none">
        {children}
      </h1>
    </>
  );
}

export interface FieldProblem {
  /** The id of the field's input (or group), for the summary's link. */
  id: string;
  message: string;
}

/** A form's errors (by its own names) as the summary lists them: in the order of `ids`, the fields' ids. */
export function fieldProblems(errors: Partial<Record<string, string>>, ids: Record<string, string>): FieldProblem[] {
  return Object.entries(ids).flatMap(([name, id]) => {
    const message = errors[name];
    return message ? [{ id, message }] : [];
  });
}

/** GOV.UK's error summary: announced, focused, each problem a link to its field. */
export function ErrorSummary({ problems, title }: { problems: FieldProblem[]; title?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const key = problems.map((p) => `${p.id}:${p.message}`).join('|');
  useEffect(() => {
    if (problems.length > 0) ref.current?.focus();
  }, [key, problems.length]);
  if (problems.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title" className="notice-error">
      <h2 id="error-summary-title" className="mt-0 text-std-20B-150">
        {title ?? t('validation.summaryTitle')}
      </h2>
      <ul className="mb-0 list-none pl-0">
        {problems.map((problem) => (
          <li key={`${problem.id}-${problem.message}`}>
            <a
              href={`#${problem.id}`}
              className="font-bold text-error-2 visited:text-error-2"
              onClick={(event) => {
                event.preventDefault();
                focusField(problem.id);
              }}
            >
              {problem.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function focusField(id: string) {
  const element = document.getElementById(id);
  if (!element) return;
  const target =
    element.matches('input, textarea, select, button') || element.tabIndex >= 0
      ? element
      : (element.querySelector<HTMLElement>('input:not([disabled]), textarea, button') ?? element);
  target.scrollIntoView?.({ block: 'center' });
  target.focus();
}

export function BackLink({ to, children }: { to: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <p className="mb-6">
      <Link to={to} className="inline-flex items-center gap-1">
        <span aria-hidden="true">‹</span>
        {children ?? t('layout.back')}
      </Link>
    </p>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="text-solid-gray-700">
      {t('layout.loading')}
    </p>
  );
}

/** What went wrong, in the page's language: the code's message from the catalog when it has one. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.code === 'NETWORK') return t('errors.network');
      const key = `errors.${error.code}`;
      if (i18n.exists(key)) return t(key);
      // Codes only staff meet (accounts, sign-in) are worded in the console's catalog.
      const staffKey = `office.errors.${error.code}`;
      if (i18n.exists(staffKey)) return t(staffKey);
      return error.message || t('errors.generic');
    }
    return t('errors.generic');
  };
}

export function ErrorNotice({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t } = useTranslation();
  const text = useErrorText();
  return (
    <div role="alert" className="notice-error">
      <h2 className="mt-0 text-std-20B-150">{t('errors.title')}</h2>
      <p className="mb-0">{text(error)}</p>
      {children}
    </div>
  );
}

export function Notice({
  children,
  tone = 'info',
  title,
}: {
  children: ReactNode;
  tone?: 'info' | 'warning';
  title?: string;
}) {
  return (
    <div className={tone === 'warning' ? 'notice notice-warning' : 'notice'}>
      {title && <h2 className="mt-0 text-std-18B-160">{title}</h2>}
      {children}
    </div>
  );
}

export function PhoneLink({ phone }: { phone: string }) {
  return <a href={`tel:${phone.replace(/[^\d+]/g, '')}`}>{phone}</a>;
}
