// Sign in: job seeker number and e-mail -> "check your mail", the same answer whether or
// not the pair is on the roster. The mailed link lands on /auth/seeker#token=…: the token
// is in the fragment, which never reaches a server or its logs.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { rememberEmail, rememberNext, signIn, takeNext } from '../api/session';
import { TextInput } from '../components/fields';
import { ErrorNotice, ErrorSummary, fieldProblems, Loading, PageHeading } from '../components/ui';
import { syncLanguageAfterSignIn } from '../lib/preferences';
import { useSubmitGuard } from '../lib/use-submit-guard';
import { validateSignIn, normalizeJobSeekerNumber } from '../lib/validation';

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const initial = (location.state as { number?: string; email?: string } | null) ?? {};
  const [number, setNumber] = useState(initial.number ?? '');
  const [email, setEmail] = useState(initial.email ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // State is read as of the last render: a double click's second submit comes before the
  // next one, so the guard against sending twice is a ref, set at once (useSubmitGuard).
  const sending = useSubmitGuard();
  const [failure, setFailure] = useState<unknown>();

  useEffect(() => {
    const next = params.get('next');
    if (next) rememberNext(next);
  }, [params]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateSignIn({ number, email }, t);
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    try {
      // Only a failure lets the form be sent again: once sent, the page moves on, and a
      // second click that arrives before it has sends nothing.
      await sending.run(
        async () => {
          await unwrap(
            api.POST('/api/v1/auth/seeker/link', {
              body: { jobSeekerNumber: normalizeJobSeekerNumber(number), email: email.trim() },
            }),
          );
          rememberEmail(email.trim());
          navigate('/sign-in/check-mail', { state: { number, email } });
        },
        { hold: true },
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
        const fields = error.fields;
        setErrors({
          ...(fields.jobSeekerNumber ? { number: t('validation.numberFormat') } : {}),
          ...(fields.email ? { email: t('validation.emailFormat') } : {}),
        });
      } else setFailure(error);
    }
  }

  const problems = fieldProblems(errors, { number: 'job-seeker-number', email: 'email' });
  return (
    <>
      <ErrorSummary problems={problems} />
      {failure !== undefined && <ErrorNotice error={failure} />}
      <PageHeading>{t('signIn.title')}</PageHeading>
      <p>{t('signIn.lead')}</p>
      <form noValidate onSubmit={submit}>
        <TextInput
          id="job-seeker-number"
          label={t('signIn.number')}
          hint={t('signIn.numberHint')}
          value={number}
          onChange={setNumber}
          error={errors.number}
          inputMode="numeric"
          autoComplete="off"
          width="18rem"
          spellCheck={false}
        />
        <TextInput
          id="email"
          label={t('signIn.email')}
          hint={t('signIn.emailHint')}
          value={email}
          onChange={setEmail}
          error={errors.email}
          type="email"
          inputMode="email"
          autoComplete="email"
          spellCheck={false}
        />
        <button type="submit" className="btn btn-primary" aria-disabled={sending.busy}>
          {sending.busy ? t('signIn.sending') : t('signIn.submit')}
        </button>
      </form>
    </>
  );
}

export function CheckMailPage() {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <>
      <PageHeading>{t('signIn.checkTitle')}</PageHeading>
      <p className="text-std-18N-160">{t('signIn.checkLead')}</p>
      <ul>
        {(t('signIn.checkSteps', { returnObjects: true }) as string[]).map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ul>
      <h2>{t('signIn.checkNoMail')}</h2>
      <p>{t('signIn.checkNoMailText')}</p>
      <p>
        <Link to="/sign-in" state={location.state}>
          {t('signIn.tryAgain')}
        </Link>
      </p>
    </>
  );
}

/** /auth/seeker#token=…: exchanges the link's token for a session, once. */
export function AuthCallbackPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token'));
  const [failure, setFailure] = useState<'missing' | 'failed' | unknown>(token ? undefined : 'missing');
  const started = useRef(false);
  useEffect(() => {
    // The token leaves the address bar (and the history) at once.
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
    if (started.current || !token) return;
    started.current = true;
    unwrap(api.POST('/api/v1/auth/seeker/session', { body: { token } }))
      .then(async (session) => {
        const { accessToken, officeCode } = session as { accessToken: string; officeCode?: string };
        signIn(accessToken, officeCode);
        await syncLanguageAfterSignIn();
        navigate(takeNext() ?? '/reservations', { replace: true });
      })
      .catch((error: unknown) =>
        setFailure(error instanceof ApiError && error.status === 401 ? 'failed' : (error ?? 'failed')),
      );
  }, [navigate, token]);

  if (failure === undefined)
    return (
      <>
        <PageHeading>{t('signIn.linkTitle')}</PageHeading>
        <Loading />
      </>
    );
  return (
    <>
      <PageHeading>{t('signIn.linkFailedTitle')}</PageHeading>
      {failure === 'missing' || failure === 'failed' ? (
        <p>{failure === 'missing' ? t('signIn.linkMissing') : t('signIn.linkFailed')}</p>
      ) : (
        <ErrorNotice error={failure} />
      )}
      <Link to="/sign-in" className="btn btn-primary">
        {t('signIn.signInAgain')}
      </Link>
    </>
  );
}
