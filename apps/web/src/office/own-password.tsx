// A signed-in member changes their own password (any role), with the current one
// (POST /auth/staff/password, api.md "Signing in"). The gateway ends the account's other
// tokens, this tab's too: the answer's token replaces the stored one, so the member stays
// signed in here and only their other tabs and devices are signed out.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrap } from '../api/client';
import { TextInput } from '../components/fields';
import { ErrorNotice, ErrorSummary, fieldProblems, PageHeading } from '../components/ui';
import { useSubmitGuard } from '../lib/use-submit-guard';
import { checkNewPassword, NewPasswordFields } from './new-password';
import { staffApi } from './staff-api';
import { sessionFrom, staffSignIn, type StaffSession } from './staff-session';
import { Done } from './ui';

const IDS = { current: 'own-current-password', password: 'own-new-password', again: 'own-new-password-again' };

export function OwnPasswordPage({ session }: { session: StaffSession }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const sending = useSubmitGuard();

  /** What the gateway is sure to refuse, said at once: nothing is sent while any of it stands. */
  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!current) found.current = t('office.ownPassword.currentMissing');
    if (!password) found.password = t('office.newPassword.missing');
    else Object.assign(found, checkNewPassword(t, password, again));
    if (!found.password && !found.again && current && password === current)
      found.password = t('office.ownPassword.same');
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = check();
    setErrors(found);
    setFailure(undefined);
    setDone(undefined);
    if (Object.keys(found).length > 0) return;
    const username = session.username;
    try {
      await sending.run(async () => {
        const answer = await unwrap(
          staffApi.POST('/api/v1/auth/staff/password', {
            body: { username, password: current, newPassword: password },
          }),
        );
        // The old token ended with the change: keep the tab signed in with the new one.
        staffSignIn(sessionFrom(username, answer));
        setCurrent('');
        setPassword('');
        setAgain('');
        setDone(t('office.ownPassword.done'));
      });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS')
        // The gateway's words name the user name too; here only the current password can be wrong.
        setErrors({ current: t('office.ownPassword.wrong') });
      else if (error instanceof ApiError && (error.code === 'WEAK_PASSWORD' || error.code === 'VALIDATION_FAILED'))
        setErrors({ password: t('office.newPassword.weak') });
      else setFailure(error);
    }
  }

  return (
    <div className="max-w-xl">
      <ErrorSummary problems={fieldProblems(errors, IDS)} />
      {failure !== undefined && <ErrorNotice error={failure} />}
      <Done message={done} />
      <PageHeading>{t('office.ownPassword.title')}</PageHeading>
      <p>{t('office.ownPassword.lead')}</p>
      <p className="font-bold" data-testid="own-password-account">
        {t('office.newPassword.account', { name: session.username })}
      </p>
      <form noValidate onSubmit={submit}>
        {/* For password managers: the account whose password changes. */}
        <input type="text" name="username" autoComplete="username" value={session.username} readOnly hidden />
        <TextInput
          id={IDS.current}
          label={t('office.ownPassword.current')}
          value={current}
          onChange={setCurrent}
          error={errors.current}
          type="password"
          autoComplete="current-password"
          width="24rem"
        />
        <NewPasswordFields
          id={IDS.password}
          label={t('office.newPassword.password')}
          hint={t('office.ownPassword.hint')}
          value={password}
          onChange={setPassword}
          error={errors.password}
          again={{ value: again, onChange: setAgain, error: errors.again }}
        />
        <button type="submit" className="btn btn-primary" aria-disabled={sending.busy}>
          {t('office.ownPassword.submit')}
        </button>
      </form>
    </div>
  );
}
