// NATS subject rules, shared by the JetStream bus (which the server enforces) and the
// in-process bus (which must behave the same without a server).
import { createHash } from 'node:crypto';

const TOKEN = /^[^\s.*>]+$/;

/** A subject filter: dot-separated tokens, `*` for one token, `>` (last only) for the rest. */
export function isValidFilter(filter: string): boolean {
  const tokens = filter.split('.');
  return tokens.every((t, i) => TOKEN.test(t) || t === '*' || (t === '>' && i === tokens.length - 1));
}

/** True when `subject` (no wildcards) matches `filter` with NATS wildcard semantics. */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}

/** True when some subject matches both filters. */
export function filtersOverlap(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; ; i++) {
    if (i >= x.length || i >= y.length) return x.length === y.length;
    if (x[i] === '>' || y[i] === '>') return true;
    if (x[i] !== '*' && y[i] !== '*' && x[i] !== y[i]) return false;
  }
}

/**
 * Throws unless the filters are valid event filters that no event can match twice:
 * an event matching two filters of one consumer would be handled twice.
 */
export function assertConsumerFilters(durableName: string, subjects: string[]): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(durableName)) {
    throw new Error(`durable name "${durableName}" must be 1-64 letters, digits, "-" or "_"`);
  }
  if (subjects.length === 0) throw new Error(`consumer ${durableName}: give at least one subject filter`);
  for (const subject of subjects) {
    if (!isValidFilter(subject) || !subjectMatches('events.>', subject.replace(/\*|>/g, 'x'))) {
      throw new Error(
        `consumer ${durableName}: "${subject}" is not a filter under events.> (e.g. events.scheduling.>)`,
      );
    }
  }
  for (let i = 0; i < subjects.length; i++) {
    for (let j = i + 1; j < subjects.length; j++) {
      if (filtersOverlap(subjects[i], subjects[j])) {
        throw new Error(
          `consumer ${durableName}: filters "${subjects[i]}" and "${subjects[j]}" overlap; an event would be handled twice`,
        );
      }
    }
  }
}

/**
 * The JetStream durable behind one (consumer, filter) pair. nats-server 2.9 allows one
 * filter per consumer, so a consumer with several filters runs one durable per filter;
 * the name must stay the same across restarts and differ between filters.
 */
export function durableForSubject(durableName: string, subject: string): string {
  const readable = subject
    .replace(/^events\./, '')
    .replace(/\*/g, 'any')
    .replace(/>/g, 'all')
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, 60);
  const hash = createHash('sha256').update(subject).digest('hex').slice(0, 8);
  return `${durableName}--${readable}-${hash}`;
}
