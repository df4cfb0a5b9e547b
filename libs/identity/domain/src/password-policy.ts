// Staff passwords (api.md "Signing in"): a policy that refuses guessable ones. Hashing
// is the edge's (argon2id); this only judges the plain text, before it is hashed.

/** Longer than any passphrase a person types; refused before hashing. */
export const MAX_PASSWORD_LENGTH = 256;
export const MIN_PASSWORD_LENGTH = 12;

const COMMON = [
  'password',
  'passw0rd',
  'qwerty',
  'letmein',
  'welcome',
  'admin',
  'change-me',
  'changeme',
  'soudan',
  'hellowork',
  '12345678',
  'abcdefgh',
  'iloveyou',
];

/** Why a password is too weak, or undefined when it is acceptable. */
export function passwordWeakness(password: string, username?: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (COMMON.some((word) => lower.includes(word))) return 'contains a common word or pattern';
  if (username && lower.includes(username.toLowerCase())) return 'contains the username';
  if (new Set(password).size < 6) return 'uses too few different characters';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  // A long passphrase of plain words is fine; a short password needs variety.
  if (password.length < 16 && classes < 3)
    return 'needs three of: lower case, upper case, digits, symbols (or 16+ characters)';
  return undefined;
}
