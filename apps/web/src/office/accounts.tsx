// Staff accounts (admin): every account with its roles and standing, adding one, changing
// its roles, disabling and re-enabling it (each after a confirmation), and resetting its
// password. A reset answers a one-time password once: it is shown here until closed, to be
// handed over in person, and the member must choose a new one at their first sign-in
// (staff-sign-in.tsx). Roles, a disabling and a reset end the member's sign-in at their
// next step (401 TOKEN_REVOKED). The gateway keeps the last enabled administrator (409
// LAST_ADMIN); the screen says so in words.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { CheckChoice, CheckGroup, TextInput } from '../components/fields';
import { ErrorNotice, ErrorSummary, fieldProblems, focusField, Loading, PageHeading } from '../components/ui';
import { currentLanguage } from '../i18n';
import { formatDateTime } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { useSubmitGuard } from '../lib/use-submit-guard';
import { checkNewPassword, NewPasswordFields } from './new-password';
import type { StaffRole } from './staff-session';
import { ConfirmButton, Done } from './ui';
import { useStaff } from './use-staff';
import {
  addAccount,
  disableAccount,
  enableAccount,
  listAccounts,
  resetAccountPassword,
  setAccountRoles,
  type StaffAccount,
} from './views';

const ROLES: StaffRole[] = ['counsellor', 'supervisor', 'auditor', 'admin'];
const USERNAME = /^[a-z][a-z0-9._-]{2,31}$/;

function RoleChoices({
  id,
  label,
  hint,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string[];
  onChange: (roles: string[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <CheckGroup id={id} label={label} hint={hint} value={value} onChange={onChange} error={error}>
      {ROLES.map((role) => (
        <CheckChoice key={role} value={role}>
          <span className="font-bold">{t(`office.roles.${role}`)}</span>
          <span className="block text-dns-14N-130 text-solid-gray-700">{t(`office.accounts.roleHelp.${role}`)}</span>
        </CheckChoice>
      ))}
    </CheckGroup>
  );
}

const inOrder = (roles: readonly string[]) => ROLES.filter((role) => roles.includes(role));

function RolesForm({
  account,
  self,
  onDone,
  onCancel,
}: {
  account: StaffAccount;
  self: boolean;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [roles, setRoles] = useState<string[]>(inOrder(account.roles));
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const sending = useSubmitGuard();
  const id = `roles-${account.username}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    if (roles.length === 0) {
      setError(t('office.accounts.rolesMissing'));
      // The group's first box takes focus: its label and this error are read out with it.
      focusField(id);
      return;
    }
    setError(undefined);
    try {
      await sending.run(async () => {
        await setAccountRoles(account.username, inOrder(roles) as StaffRole[]);
        onDone(t('office.accounts.rolesForm.saved', { name: account.username }));
      });
    } catch (caught) {
      setFailure(caught);
    }
  }
  return (
    <form noValidate onSubmit={submit} className="panel mt-3">
      <RoleChoices
        id={id}
        label={t('office.accounts.rolesForm.legend', { name: account.username })}
        hint={
          self ? t('office.accounts.rolesForm.self') : t('office.accounts.rolesForm.note', { name: account.username })
        }
        value={roles}
        onChange={setRoles}
        error={error}
      />
      {failure !== undefined && <ErrorNotice error={failure} />}
      <div className="flex flex-wrap gap-3">
        <button type="submit" className="btn btn-primary" aria-disabled={sending.busy}>
          {t('office.accounts.rolesForm.submit')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('office.accounts.keep')}
        </button>
      </div>
    </form>
  );
}

/** The one-time password, shown once: focus moves to it, and it goes when closed. */
function TemporaryPassword({
  username,
  password,
  onClose,
}: {
  username: string;
  password: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const id = `temporary-${username}`;
  return (
    <section aria-labelledby={id} className="notice notice-warning mt-3" data-testid="temporary-password">
      <h4 id={id} ref={heading} tabIndex={-1} className="mt-0 text-std-18B-160 outline-none">
        {t('office.accounts.temporary.title', { name: username })}
      </h4>
      <p className="mb-3">
        <span className="block">{t('office.accounts.temporary.label')}</span>
        <code
          className="inline-block select-all break-all rounded-6 bg-white px-3 py-1 font-mono text-std-24B-150 tracking-wider"
          data-testid="temporary-password-value"
        >
          {password}
        </code>
      </p>
      <ul className="mb-3">
        <li className="font-bold">{t('office.accounts.temporary.once')}</li>
        <li className="font-bold">{t('office.accounts.temporary.byHand')}</li>
        <li>{t('office.accounts.temporary.firstSignIn')}</li>
      </ul>
      <button type="button" className="btn btn-secondary" onClick={onClose}>
        {t('office.accounts.temporary.close')}
      </button>
    </section>
  );
}

function AccountItem({
  account,
  self,
  temporary,
  onChanged,
  onTemporary,
}: {
  account: StaffAccount;
  self: boolean;
  temporary?: string;
  onChanged: (message: string) => void;
  onTemporary: (password?: string) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [editing, setEditing] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const name = account.username;
  const who = <span className="sr-only">{`（${name}）`}</span>;
  /** Runs an action of the confirmation dialog; its failure is said in this account's card. */
  const act = (work: () => Promise<void>) => async () => {
    setFailure(undefined);
    try {
      await work();
    } catch (caught) {
      setFailure(caught);
    }
  };
  return (
    <li
      aria-labelledby={`account-${name}`}
      className="mb-4 rounded-8 border border-solid-gray-420 p-4"
      data-testid="account"
    >
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h3 id={`account-${name}`} className="m-0 text-std-20B-150">
          {name}
          {self && <span className="text-std-16N-170">{t('office.accounts.you')}</span>}
        </h3>
        {account.disabled && <span className="tag tag-gray">{t('office.accounts.disabled')}</span>}
        {account.mustChangePassword && <span className="tag tag-orange">{t('office.accounts.passwordPending')}</span>}
      </div>
      <dl className="summary mb-3 mt-2">
        <div>
          <dt>{t('office.accounts.roles')}</dt>
          <dd data-testid="account-roles">
            {inOrder(account.roles)
              .map((role) => t(`office.roles.${role}`))
              .join('・')}
          </dd>
        </div>
        <div>
          <dt>{t('office.accounts.state')}</dt>
          <dd data-testid="account-state">
            {account.disabled ? t('office.accounts.disabled') : t('office.accounts.active')}
          </dd>
        </div>
        <div>
          <dt>{t('office.accounts.password')}</dt>
          <dd>
            {account.mustChangePassword ? t('office.accounts.passwordPending') : t('office.accounts.passwordSet')}
          </dd>
        </div>
        <div>
          <dt>{t('office.accounts.createdAt')}</dt>
          <dd>{account.createdAt ? formatDateTime(account.createdAt, language) : t('office.accounts.unknown')}</dd>
        </div>
      </dl>
      {failure !== undefined && <ErrorNotice error={failure} />}
      {temporary && <TemporaryPassword username={name} password={temporary} onClose={() => onTemporary(undefined)} />}
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          type="button"
          className="btn btn-secondary"
          aria-expanded={editing}
          onClick={() => {
            setFailure(undefined);
            setEditing(true);
          }}
        >
          {t('office.accounts.editRoles')}
          {who}
        </button>
        {!self &&
          (account.disabled ? (
            <ConfirmButton
              label={
                <>
                  {t('office.accounts.enable')}
                  {who}
                </>
              }
              title={t('office.accounts.enableDialog.title', { name })}
              confirmLabel={t('office.accounts.enableDialog.confirm')}
              onConfirm={act(async () => {
                await enableAccount(name);
                onChanged(t('office.accounts.enableDialog.done', { name }));
              })}
            >
              <p>{t('office.accounts.enableDialog.text')}</p>
            </ConfirmButton>
          ) : (
            <ConfirmButton
              label={
                <>
                  {t('office.accounts.disable')}
                  {who}
                </>
              }
              title={t('office.accounts.disableDialog.title', { name })}
              confirmLabel={t('office.accounts.disableDialog.confirm')}
              danger
              onConfirm={act(async () => {
                await disableAccount(name);
                onChanged(t('office.accounts.disableDialog.done', { name }));
              })}
            >
              <p>{t('office.accounts.disableDialog.text')}</p>
            </ConfirmButton>
          ))}
        {!self && (
          <ConfirmButton
            label={
              <>
                {t('office.accounts.reset')}
                {who}
              </>
            }
            title={t('office.accounts.resetDialog.title', { name })}
            confirmLabel={t('office.accounts.resetDialog.confirm')}
            danger
            onConfirm={act(async () => {
              const answer = await resetAccountPassword(name);
              onTemporary(answer.temporaryPassword);
              onChanged(t('office.accounts.temporary.done', { name }));
            })}
          >
            <p>{t('office.accounts.resetDialog.text')}</p>
          </ConfirmButton>
        )}
      </div>
      {self && <p className="mb-0 mt-3 text-dns-16N-130">{t('office.accounts.selfNote')}</p>}
      {editing && (
        <RolesForm
          account={account}
          self={self}
          onCancel={() => setEditing(false)}
          onDone={(message) => {
            setEditing(false);
            onChanged(message);
          }}
        />
      )}
    </li>
  );
}

function AddAccountForm({ onAdded }: { onAdded: (message: string) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const sending = useSubmitGuard();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const name = username.trim();
    const found = checkNewPassword(t, password);
    if (!USERNAME.test(name)) found.username = t('office.accounts.add.usernameBad');
    if (roles.length === 0) found.roles = t('office.accounts.rolesMissing');
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    try {
      await sending.run(async () => {
        await addAccount({ username: name, password, roles: inOrder(roles) as StaffRole[] });
        setUsername('');
        setPassword('');
        setRoles([]);
        onAdded(t('office.accounts.add.added', { name }));
      });
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'STAFF_USER_EXISTS')
        setErrors({ username: t('office.errors.STAFF_USER_EXISTS') });
      else if (caught instanceof ApiError && caught.code === 'WEAK_PASSWORD')
        setErrors({ password: t('office.errors.WEAK_PASSWORD') });
      else if (caught instanceof ApiError && caught.code === 'VALIDATION_FAILED' && caught.fields.username)
        setErrors({ username: t('office.accounts.add.usernameBad') });
      else setFailure(caught);
    }
  }

  const problems = fieldProblems(errors, {
    username: 'account-username',
    password: 'account-password',
    roles: 'account-roles',
  });
  return (
    <section aria-labelledby="account-add-title" className="mt-8">
      <h2 id="account-add-title">{t('office.accounts.add.title')}</h2>
      <ErrorSummary problems={problems} />
      {failure !== undefined && <ErrorNotice error={failure} />}
      <form noValidate onSubmit={submit}>
        <TextInput
          id="account-username"
          label={t('office.accounts.add.username')}
          hint={t('office.accounts.add.usernameHint')}
          value={username}
          onChange={setUsername}
          error={errors.username}
          autoComplete="off"
          spellCheck={false}
          width="20rem"
        />
        <NewPasswordFields
          id="account-password"
          label={t('office.accounts.add.password')}
          hint={t('office.accounts.add.passwordHint')}
          value={password}
          onChange={setPassword}
          error={errors.password}
        />
        <RoleChoices
          id="account-roles"
          label={t('office.accounts.add.roles')}
          hint={t('office.accounts.add.rolesHint')}
          value={roles}
          onChange={setRoles}
          error={errors.roles}
        />
        <button type="submit" className="btn btn-primary" aria-disabled={sending.busy}>
          {t('office.accounts.add.submit')}
        </button>
      </form>
    </section>
  );
}

export function AccountsPage() {
  const { t } = useTranslation();
  const { session } = useStaff();
  const accounts = useLoad(listAccounts, 'accounts');
  const [done, setDone] = useState<string>();
  // username -> its one-time password, in this page's memory only, until closed.
  const [temporary, setTemporary] = useState<Record<string, string>>({});
  const changed = (message: string) => {
    setDone(message);
    accounts.reload();
  };
  const list = accounts.data ?? [];
  return (
    <>
      <PageHeading>{t('office.accounts.title')}</PageHeading>
      <p>{t('office.accounts.lead')}</p>
      <Done message={done} />
      {accounts.error !== undefined && <ErrorNotice error={accounts.error} />}
      <section aria-labelledby="accounts-title">
        <h2 id="accounts-title">{t('office.accounts.listTitle', { count: list.length })}</h2>
        {accounts.loading && !accounts.data && <Loading />}
        <ul className="m-0 list-none p-0">
          {list.map((account) => (
            <AccountItem
              key={account.username}
              account={account}
              self={account.username === session?.username}
              temporary={temporary[account.username]}
              onChanged={changed}
              onTemporary={(password) =>
                setTemporary(({ [account.username]: _, ...rest }) =>
                  password ? { ...rest, [account.username]: password } : rest,
                )
              }
            />
          ))}
        </ul>
      </section>
      <AddAccountForm onAdded={changed} />
    </>
  );
}
