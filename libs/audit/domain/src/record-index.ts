// R53: auditors filter the whole history by category and time, and a disclosure (R52)
// picks the records of one seeker in a period. Reading every record from the store to
// test it would cost a full scan per page; this index keeps, per position, the few
// facts a filter needs (about 15 bytes a record), so a query knows exactly which
// positions match before it reads any of them.
import { AUDIT_CATEGORIES, type AuditCategory } from './categories';

const BLOCK = 1024;
const DEVICE = 1;

class GrowableArray<T extends Uint8Array | Uint32Array | Float64Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (size: number) => T,
  ) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

const u8 = () => new GrowableArray(new Uint8Array(BLOCK), (n) => new Uint8Array(n));
const u32 = () => new GrowableArray(new Uint32Array(BLOCK), (n) => new Uint32Array(n));
const f64 = () => new GrowableArray(new Float64Array(BLOCK), (n) => new Float64Array(n));

/** 32-bit FNV-1a of a seeker id; 0 means "about no seeker". Matches are confirmed on the record itself. */
export function subjectKey(subject: string | undefined): number {
  if (!subject) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < subject.length; i++) {
    hash ^= subject.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0 || 1;
}

export interface IndexEntry {
  position: number;
  category: AuditCategory;
  /** Milliseconds since the epoch of the record's `at`. */
  atMs: number;
  subject?: string;
  hasDevice: boolean;
}

export interface IndexQuery {
  /** Exclusive: positions after this one. */
  after?: number;
  limit: number;
  category?: AuditCategory;
  /** Inclusive. */
  sinceMs?: number;
  /** Exclusive. */
  untilMs?: number;
  subject?: string;
  deviceOnly?: boolean;
}

export interface IndexAnswer {
  positions: number[];
  /** True when a further record after the last position also matches. */
  more: boolean;
}

export class RecordIndex {
  private readonly category = u8();
  private readonly flags = u8();
  private readonly at = f64();
  private readonly subject = u32();
  /** Per block of positions, the earliest and latest `at`: time filters skip whole blocks. */
  private readonly blockMin = f64();
  private readonly blockMax = f64();
  private readonly byCategory = new Map<number, GrowableArray<Uint32Array>>();

  /** Number of records indexed; they hold positions 0 .. size-1. */
  get size(): number {
    return this.at.length;
  }

  add(entry: IndexEntry): void {
    if (entry.position !== this.size)
      throw new RangeError(`record index: expected position ${this.size}, got ${entry.position}`);
    const code = AUDIT_CATEGORIES.indexOf(entry.category);
    const category = code < 0 ? AUDIT_CATEGORIES.indexOf('other') : code;
    this.category.push(category);
    this.flags.push(entry.hasDevice ? DEVICE : 0);
    this.at.push(entry.atMs);
    this.subject.push(subjectKey(entry.subject));
    const block = Math.floor(entry.position / BLOCK);
    if (block === this.blockMin.length) {
      this.blockMin.push(entry.atMs);
      this.blockMax.push(entry.atMs);
    } else {
      this.blockMin.data[block] = Math.min(this.blockMin.data[block], entry.atMs);
      this.blockMax.data[block] = Math.max(this.blockMax.data[block], entry.atMs);
    }
    let list = this.byCategory.get(category);
    if (!list) this.byCategory.set(category, (list = u32()));
    list.push(entry.position);
  }

  find(query: IndexQuery): IndexAnswer {
    const positions: number[] = [];
    const start = query.after === undefined ? 0 : query.after + 1;
    const subject = query.subject === undefined ? undefined : subjectKey(query.subject);
    const since = query.sinceMs ?? -Infinity;
    const until = query.untilMs ?? Infinity;
    const timeBound = query.sinceMs !== undefined || query.untilMs !== undefined;
    const at = this.at.data;
    const matches = (p: number) =>
      (!timeBound || (at[p] >= since && at[p] < until)) &&
      (subject === undefined || this.subject.data[p] === subject) &&
      (!query.deviceOnly || (this.flags.data[p] & DEVICE) !== 0);
    // Returns false once the page is full and one more match proved there is more.
    const take = (p: number): boolean => {
      if (!matches(p)) return true;
      if (positions.length === query.limit) return false;
      positions.push(p);
      return true;
    };

    if (query.category !== undefined) {
      const list = this.byCategory.get(AUDIT_CATEGORIES.indexOf(query.category));
      if (!list) return { positions, more: false };
      for (let i = lowerBound(list.data, list.length, start); i < list.length; i++)
        if (!take(list.data[i])) return { positions, more: true };
      return { positions, more: false };
    }
    for (let p = start; p < this.size;) {
      const block = Math.floor(p / BLOCK);
      if (timeBound && (this.blockMax.data[block] < since || this.blockMin.data[block] >= until)) {
        p = (block + 1) * BLOCK;
        continue;
      }
      const end = Math.min((block + 1) * BLOCK, this.size);
      for (; p < end; p++) if (!take(p)) return { positions, more: true };
    }
    return { positions, more: false };
  }
}

function lowerBound(values: Uint32Array, length: number, target: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
