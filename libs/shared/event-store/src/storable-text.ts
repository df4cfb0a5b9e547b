// Text a store can keep. PostgreSQL's jsonb (and text) refuses the NUL character and an
// unpaired UTF-16 surrogate (JSON.stringify writes one as `\udXXX`, which jsonb rejects);
// other stores would keep them, or turn them silently into U+FFFD. Either way the event
// read back would differ from the one appended, so no adapter takes such text: the
// append is refused before it reaches the store (and before it can share a group commit
// with appends of other callers, who would fail with it).

/** A NUL, or a surrogate code unit (paired or not: pairs are told apart afterwards). */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
/** A NUL, or a surrogate that is not half of a pair. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Whether a string holds a NUL or an unpaired surrogate. */
export function isUnstorableText(text: string): boolean {
  if (!SUSPECT.test(text)) return false;
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.test(text);
}

/** The text with each NUL and unpaired surrogate replaced by U+FFFD (what a decoder shows for bytes it cannot read). */
export function storableText(text: string): string {
  return SUSPECT.test(text) ? text.replace(UNSTORABLE, '\uFFFD') : text;
}

/**
 * The first string (object keys included) in a JSON-like value that no store can keep,
 * as a path (`data.params.id`, `items[2]`), or undefined when there is none.
 */
export function findUnstorableText(value: unknown, root = ''): string | undefined {
  // Every append passes here: the common answer (nothing) is found without building paths.
  if (!holdsUnstorableText(value, 0)) return undefined;
  return unstorablePaths(value, root, 1)[0];
}

/** Deeper than this, the iterative walk takes over (no stack is exhausted by a hostile value). */
const MAX_RECURSION = 64;

/** Whether any string or key in the value is unstorable; allocates nothing on the way. */
function holdsUnstorableText(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return SUSPECT.test(value) && isUnstorableText(value);
  if (value === null || typeof value !== 'object') return false;
  if (depth > MAX_RECURSION) return unstorablePaths(value, '', 1).length > 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holdsUnstorableText(value[i], depth + 1)) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if ((SUSPECT.test(key) && isUnstorableText(key)) || holdsUnstorableText(record[key], depth + 1)) return true;
  }
  return false;
}

/**
 * Paths of the strings and keys no store can keep, in document order, at most `limit`.
 * Iterative: a deeply nested value must not exhaust the stack.
 */
export function unstorablePaths(value: unknown, root = '', limit = 20): string[] {
  const found: string[] = [];
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: root }];
  while (pending.length > 0 && found.length < limit) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      if (isUnstorableText(current)) found.push(path);
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], path: `${path}[${i}]` });
      continue;
    }
    const entries = Object.entries(current as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const childPath = path ? `${path}.${key}` : key;
      // A bad key is reported once, and what it holds is not looked into.
      if (isUnstorableText(key)) pending.push({ value: '\u0000', path: childPath });
      else pending.push({ value: child, path: childPath });
    }
  }
  return found;
}

/** A copy of a JSON-like value whose strings (and keys) are all storable; the value itself when they already are. */
export function makeStorable<T>(value: T): T {
  if (findUnstorableText(value) === undefined) return value;
  return repair(value) as T;
}

function repair(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return storableText(value);
  if (value === null || typeof value !== 'object') return value;
  // Event data is shallow; anything deeper than this is cut rather than risk the stack.
  if (depth > 64) return null;
  if (Array.isArray(value)) return value.map((item) => repair(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, child]) => [
      storableText(key),
      repair(child, depth + 1),
    ]),
  );
}

/** At most `max` UTF-16 code units, never ending in half of a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
