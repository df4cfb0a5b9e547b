// Staff sign-in with a user name and password. After an administrator has reset the
// password, signing in with the one-time password answers 403 PASSWORD_CHANGE_REQUIRED:
// the page then asks for a new password and signs in with it (POST /auth/staff/password
// with the one-time one, api.md "Signing in"). The one-time password stays in this
// component's memory only.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, unwrap } from '../api/client';
import { TextInput } from '../components/fields';
import { ErrorNotice, ErrorSummary, fieldProblems, PageHeading } from '../components/ui';
import { useSubmitGuard } from '../lib/use-submit-guard';
import { checkNewPassword, NewPasswordFields } from './new-password';
import { staffApi } from './staff-api';
import { homeOf, sessionFrom, staffSignIn, type StaffRole } from './staff-session';

/** Signs the answer's session in and goes where the member was headed, or to their first screen. */
function useEnter() {
  const navigate = useNavigate();
  const location = useLocation();
  const next = (location.state as { next?: string } | null)?.next;
  return (username: string, answer: { accessToken: string; roles: StaffRole[]; offices?: string[] }) => {
    const session = sessionFrom(username, answer);
    staffSignIn(session);
    navigate(next && next.startsWith('/office/') ? next : homeOf(session), { replace: true });
  };
}

function SignInForm({ initialUsername, onMustChange }: { initialUsername: string; onMustChange: Changing }) {
  const { t } = useTranslation();
  const enter = useEnter();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const sending = useSubmitGuard();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!username.trim()) found.username = t('office.signIn.usernameMissing');
    if (!password) found.password = t('office.signIn.passwordMissing');
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    const name = username.trim();
    try {
      // Kept shut after a success: the page moves on, and a second click sends nothing.
      await sending.run(
        async () => {
          const answer = await unwrap(
            staffApi.POST('/api/v1/auth/staff/session', { body: { username: name, password } }),
          );
          enter(name, answer);
        },
        { hold: true },
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === 'PASSWORD_CHANGE_REQUIRED') onMustChange(name, password);
      else if (error instanceof ApiError && (error.status === 401 || error.code === 'INVALID_CREDENTIALS'))
        setErrors({ password: t('office.signIn.wrong') });
      else setFailure(error);
    }
  }

  const problems = fieldProblems(errors, { username: 'staff-username', password: 'staff-password' });
  return (
    <div className="max-w-xl">
      <ErrorSummary problems={problems} />
      {failure !== undefined && <ErrorNotice error={failure} />}
      <PageHeading>{t('office.signIn.title')}</PageHeading>
      <p>{t('office.signIn.lead')}</p>
      <form noValidate onSubmit={submit}>
        <TextInput
          id="staff-username"
          label={t('office.signIn.username')}
          value={username}
          onChange={setUsername}
          error={errors.username}
          autoComplete="username"
          spellCheck={false}
          width="20rem"
        />
        <TextInput
          id="staff-password"
          label={t('office.signIn.password')}
          value={password}
          onChange={setPassword}
          error={errors.password}
          type="password"
          autoComplete="current-password"
          width="20rem"
        />
        <button type="submit" className="btn btn-primary" aria-disabled={sending.busy}>
          {t('office.signIn.submit')}
        </button>
      </form>
    </div>
  );
}

type Changing = (username: string, oneTimePassword: string) => void;

function NewPasswordForm({
  username,
  oneTimePassword,
  onBack,
}: {
  username: string;
  oneTimePassword: string;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const enter = useEnter();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [oneTimeWrong, setOneTimeWrong] = useState(false);
  const sending = useSubmitGuard();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = password ? checkNewPassword(t, password, again) : { password: t('office.newPassword.missing') };
    setErrors(found);
    setFailure(undefined);
    setOneTimeWrong(false);
    if (Object.keys(found).length > 0) return;
    try {
      await sending.run(
        async () => {
          const answer = await unwrap(
            staffApi.POST('/api/v1/auth/staff/password', {
              body: { username, password: oneTimePassword, newPassword: password },
            }),
          );
          enter(username, answer);
        },
        { hold: true },
      );
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'WEAK_PASSWORD' || error.code === 'VALIDATION_FAILED'))
        setErrors({ password: t('office.newPassword.weak') });
      else if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS') setOneTimeWrong(true);
      else setFailure(error);
    }
  }

  const problems = fieldProblems(errors, { password: 'staff-new-password', again: 'staff-new-password-again' });
  return (
    <div className="max-w-xl">
      <ErrorSummary problems={problems} />
      {oneTimeWrong && (
        <div role="alert" className="notice-error">
          <p className="mb-0 font-bold">{t('office.newPassword.oneTimeWrong')}</p>
        </div>
      )}
      {failure !== undefined && <ErrorNotice error={failure} />}
      <PageHeading>{t('office.newPassword.title')}</PageHeading>
      <p>{t('office.newPassword.lead')}</p>
      <p className="font-bold" data-testid="new-password-account">
        {t('office.newPassword.account', { name: username })}
      </p>
      <form noValidate onSubmit={submit}>
        {/* For password managers: the account the new password belongs to. */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <NewPasswordFields
          id="staff-new-password"
          label={t('office.newPassword.password')}
          hint={t('office.newPassword.hint')}
          value={password}
          onChange={setPassword}
          error={errors.password}
          again={{ value: again, onChange: setAgain, error: errors.again }}
        />
        <div className="flex flex-wrap items-center gap-4">
          <button type="submit" className="btn btn-primary" aria-disabled={sending.busy}>
            {t('office.newPassword.submit')}
          </button>
          <button type="button" className="btn-link" onClick={onBack}>
            {t('office.newPassword.back')}
          </button>
        </div>
      </form>
    </div>
  );
}

export function StaffSignInPage() {
  const [changing, setChanging] = useState<{ username: string; oneTimePassword: string }>();
  const [lastUsername, setLastUsername] = useState('');
  if (changing)
    return (
      <NewPasswordForm
        username={changing.username}
        oneTimePassword={changing.oneTimePassword}
        onBack={() => {
          setLastUsername(changing.username);
          setChanging(undefined);
        }}
      />
    );
  return (
    <SignInForm
      initialUsername={lastUsername}
      onMustChange={(username, oneTimePassword) => setChanging({ username, oneTimePassword })}
    />
  );
}
