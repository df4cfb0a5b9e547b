// A password a member will sign in with, chosen in the console: an administrator's initial
// password for a new account (accounts.tsx), and the member's own after a reset, typed twice
// (staff-sign-in.tsx). The page checks only what the gateway is sure to refuse, so that it
// is said at once; the rest of the policy (variety, common words) the gateway says as
// WEAK_PASSWORD, shown beside the same field.
import { useTranslation } from 'react-i18next';
import { TextInput } from '../components/fields';

/** The gateway's policy starts here; the rest (common words, variety) it says itself. */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Too short (said beside `password`), or not the same twice (beside `again`); `again` is
 * undefined where the password is typed once.
 */
export function checkNewPassword(t: (key: string) => string, password: string, again?: string): Record<string, string> {
  if (password.length < MIN_PASSWORD_LENGTH) return { password: t('office.newPassword.tooShort') };
  if (again !== undefined && again !== password) return { again: t('office.newPassword.mismatch') };
  return {};
}

interface Field {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

/**
 * The new password's field and, with `again`, the field that repeats it (its id is the
 * first's with `-again`): hidden as they are typed, and offered to password managers as a
 * new password.
 */
export function NewPasswordFields({ again, ...password }: Field & { again?: Omit<Field, 'id' | 'label' | 'hint'> }) {
  const { t } = useTranslation();
  const fields: Field[] = [password];
  if (again)
    fields.push({
      ...again,
      id: `${password.id}-again`,
      label: t('office.newPassword.confirm'),
      hint: t('office.newPassword.confirmHint'),
    });
  return (
    <>
      {fields.map((field) => (
        <TextInput key={field.id} {...field} type="password" autoComplete="new-password" width="24rem" />
      ))}
    </>
  );
}
