// Staff accounts (admin): every account with its roles, offices and standing, adding one,
// changing its roles, disabling and re-enabling it (each after a confirmation), and resetting
// its password. A reset answers a one-time password once: it is shown here until closed, to
// be handed over in person, and the member must choose a new one at their first sign-in
// (staff-sign-in.tsx). R72: an account works for some offices (five-digit codes) or for every
// office ('*', a national role); GET /offices lists the offices the administrator works for,
// with their names. Only a national administrator changes an account's offices (PUT
// .../offices) or gives '*'. Roles, offices, a disabling and a reset end the member's sign-in
// at their next step (401 TOKEN_REVOKED). The gateway keeps the last enabled administrator,
// and the last enabled national one keeps '*' (409 LAST_ADMIN); the screen says so in words.
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
import { ALL_OFFICES, isNational, type StaffRole } from './staff-session';
import { ConfirmButton, Done } from './ui';
import { useStaff } from './use-staff';
import {
  addAccount,
  disableAccount,
  enableAccount,
  listAccounts,
  listOffices,
  resetAccountPassword,
  setAccountOffices,
  setAccountRoles,
  type OfficeEntry,
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

/** Offices in a steady order: '*' first, then by code. */
const officeOrder = (offices: readonly string[]) => [...new Set(offices)].sort();

/** How an office is written: its name and code where GET /offices named it, '*' as every office. */
function useOfficeName(known: readonly OfficeEntry[] | undefined) {
  const { t } = useTranslation();
  return (code: string) => {
    if (code === ALL_OFFICES) return t('office.accounts.allOffices');
    const name = known?.find((office) => office.code === code)?.name;
    return name ? t('office.accounts.officeNamed', { name, code }) : code;
  };
}

/** What is wrong with a choice of offices, if anything: none chosen, or '*' with single offices. */
function officesProblem(t: (key: string) => string, offices: readonly string[]): string | undefined {
  if (offices.length === 0) return t('office.accounts.officesMissing');
  if (offices.includes(ALL_OFFICES) && offices.length > 1) return t('office.accounts.officesMixed');
  return undefined;
}

/**
 * The offices to choose from: those GET /offices listed, any the account already has (so that
 * they can be taken away), and '*' for a national administrator only.
 */
function OfficeChoices({
  id,
  label,
  hint,
  known,
  national,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  hint?: string;
  known: readonly OfficeEntry[] | undefined;
  national: boolean;
  value: string[];
  onChange: (offices: string[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const officeName = useOfficeName(known);
  const codes = officeOrder([...(known ?? []).map((office) => office.code), ...value]).filter(
    (code) => code !== ALL_OFFICES,
  );
  return (
    <CheckGroup id={id} label={label} hint={hint} value={value} onChange={onChange} error={error}>
      {national && (
        <CheckChoice value={ALL_OFFICES}>
          <span className="font-bold">{t('office.accounts.officeChoice.all')}</span>
          <span className="block text-dns-14N-130 text-solid-gray-700">
            {t('office.accounts.officeChoice.allHelp')}
          </span>
        </CheckChoice>
      )}
      {codes.map((code) => (
        <CheckChoice key={code} value={code}>
          <span className="font-bold">{officeName(code)}</span>
        </CheckChoice>
      ))}
    </CheckGroup>
  );
}

/** An error said in this screen's own words (ErrorNotice's look and role). */
function Refusal({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="notice-error">
      <h2 className="mt-0 text-std-20B-150">{t('errors.title')}</h2>
      <p className="mb-0">{text}</p>
    </div>
  );
}

function OfficesForm({
  account,
  self,
  known,
  onDone,
  onCancel,
}: {
  account: StaffAccount;
  self: boolean;
  known: readonly OfficeEntry[] | undefined;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [offices, setOffices] = useState<string[]>(officeOrder(account.offices));
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const sending = useSubmitGuard();
  const id = `offices-${account.username}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    const problem = officesProblem(t, offices);
    if (problem) {
      setError(problem);
      // The group's first box takes focus: its label and this error are read out with it.
      focusField(id);
      return;
    }
    setError(undefined);
    try {
      await sending.run(async () => {
        await setAccountOffices(account.username, officeOrder(offices));
        onDone(t('office.accounts.officesForm.saved', { name: account.username }));
      });
    } catch (caught) {
      setFailure(caught);
    }
  }
  return (
    <form noValidate onSubmit={submit} className="panel mt-3">
      <OfficeChoices
        id={id}
        label={t('office.accounts.officesForm.legend', { name: account.username })}
        hint={
          self
            ? t('office.accounts.officesForm.self')
            : t('office.accounts.officesForm.note', { name: account.username })
        }
        known={known}
        national
        value={offices}
        onChange={setOffices}
        error={error}
      />
      {failure !== undefined &&
        (failure instanceof ApiError && failure.code === 'LAST_ADMIN' ? (
          // The gateway's LAST_ADMIN here: '*' would leave no enabled national administrator.
          <Refusal text={t('office.accounts.officesForm.lastAdmin')} />
        ) : (
          <ErrorNotice error={failure} />
        ))}
      <div className="flex flex-wrap gap-3">
        <button type="submit" className="btn btn-primary" aria-disabled={sending.busy}>
          {t('office.accounts.officesForm.submit')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('office.accounts.keep')}
        </button>
      </div>
    </form>
  );
}

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
  national,
  known,
  temporary,
  onChanged,
  onTemporary,
}: {
  account: StaffAccount;
  self: boolean;
  /** Whether the administrator signed in is national: only they change an account's offices. */
  national: boolean;
  known: readonly OfficeEntry[] | undefined;
  temporary?: string;
  onChanged: (message: string) => void;
  onTemporary: (password?: string) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const officeName = useOfficeName(known);
  const [editing, setEditing] = useState<'roles' | 'offices'>();
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
          <dt>{t('office.accounts.offices')}</dt>
          <dd data-testid="account-offices">
            {account.offices.length > 0
              ? officeOrder(account.offices).map(officeName).join(t('office.accounts.officeSeparator'))
              : t('office.accounts.unknown')}
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
          aria-expanded={editing === 'roles'}
          onClick={() => {
            setFailure(undefined);
            setEditing('roles');
          }}
        >
          {t('office.accounts.editRoles')}
          {who}
        </button>
        {national && (
          <button
            type="button"
            className="btn btn-secondary"
            aria-expanded={editing === 'offices'}
            onClick={() => {
              setFailure(undefined);
              setEditing('offices');
            }}
          >
            {t('office.accounts.editOffices')}
            {who}
          </button>
        )}
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
      {editing === 'roles' && (
        <RolesForm
          account={account}
          self={self}
          onCancel={() => setEditing(undefined)}
          onDone={(message) => {
            setEditing(undefined);
            onChanged(message);
          }}
        />
      )}
      {editing === 'offices' && (
        <OfficesForm
          account={account}
          self={self}
          known={known}
          onCancel={() => setEditing(undefined)}
          onDone={(message) => {
            setEditing(undefined);
            onChanged(message);
          }}
        />
      )}
    </li>
  );
}

function AddAccountForm({
  national,
  known,
  onAdded,
}: {
  national: boolean;
  known: readonly OfficeEntry[] | undefined;
  onAdded: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  // R72: a choice only where there is one; otherwise the gateway gives the administrator's office.
  const choosing = national || (known?.length ?? 0) > 1;
  // Until the administrator chooses: a national one of a one-office deployment finds it ticked.
  const [picked, setOffices] = useState<string[]>();
  const offices = picked ?? (national && known?.length === 1 ? [known[0].code] : []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const sending = useSubmitGuard();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const name = username.trim();
    const found = checkNewPassword(t, password);
    if (!USERNAME.test(name)) found.username = t('office.accounts.add.usernameBad');
    if (roles.length === 0) found.roles = t('office.accounts.rolesMissing');
    const officeProblem = choosing ? officesProblem(t, offices) : undefined;
    if (officeProblem) found.offices = officeProblem;
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    try {
      await sending.run(async () => {
        await addAccount({
          username: name,
          password,
          roles: inOrder(roles) as StaffRole[],
          ...(choosing ? { offices: officeOrder(offices) } : {}),
        });
        setUsername('');
        setPassword('');
        setRoles([]);
        setOffices(undefined);
        onAdded(t('office.accounts.add.added', { name }));
      });
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'STAFF_USER_EXISTS')
        setErrors({ username: t('office.errors.STAFF_USER_EXISTS') });
      else if (caught instanceof ApiError && caught.code === 'WEAK_PASSWORD')
        setErrors({ password: t('office.errors.WEAK_PASSWORD') });
      else if (caught instanceof ApiError && caught.code === 'VALIDATION_FAILED' && caught.fields.username)
        setErrors({ username: t('office.accounts.add.usernameBad') });
      else if (caught instanceof ApiError && caught.code === 'OFFICE_FORBIDDEN' && choosing)
        setErrors({ offices: t('office.accounts.add.officesForbidden') });
      else setFailure(caught);
    }
  }

  const problems = fieldProblems(errors, {
    username: 'account-username',
    password: 'account-password',
    roles: 'account-roles',
    offices: 'account-offices',
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
        {choosing && (
          <OfficeChoices
            id="account-offices"
            label={t('office.accounts.add.offices')}
            hint={t('office.accounts.add.officesHint')}
            known={known}
            national={national}
            value={offices}
            onChange={setOffices}
            error={errors.offices}
          />
        )}
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
  // The offices' names and the add form's choice; the list stands without them if this fails.
  const offices = useLoad(listOffices, 'offices');
  const national = isNational(session);
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
              national={national}
              known={offices.data}
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
      <AddAccountForm national={national} known={offices.data} onAdded={changed} />
    </>
  );
}
