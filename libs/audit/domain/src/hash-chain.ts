// R53: the audit record is one hash chain. Each record stores the hash of the one before
// it and its own hash = SHA-256(previous hash + canonical JSON of the record without its
// hash), so changing, removing or reordering any record shows at that position.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** The "previous hash" of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  /** Position in the record: 0, 1, 2, ... without gaps. */
  seq: number;
  prevHash: string;
  hash: string;
}

export function chainHash(prevHash: string, recordWithoutHash: object): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(recordWithoutHash)).digest('hex');
}

/** The record as it is stored: its content, where it stands and how it links to the one before. */
export function linkRecord<T extends object>(content: T, seq: number, prevHash: string): T & ChainLink {
  const body = { ...content, seq, prevHash };
  return { ...body, hash: chainHash(prevHash, body) };
}

export type ChainProblem =
  /** A position has no record (deleted, or never committed). */
  | 'missing'
  /** The record's content no longer gives its hash. */
  | 'altered'
  /** The record does not name the hash of the record before it. */
  | 'unlinked'
  /** The record says it stands somewhere else. */
  | 'misplaced';

export interface ChainFinding {
  position: number;
  problem: ChainProblem;
}

/**
 * Walks the stored records in order and reports what does not hold. It goes on after a
 * finding (linking on from the stored hash), so one check names every bad position,
 * not only the first.
 */
export class ChainVerifier {
  private nextSeq: number;
  private prevHash: string;
  checked = 0;
  readonly findings: ChainFinding[] = [];

  /**
   * Starts at the beginning, or after a record already verified (its position and stored
   * hash). With the writer's head known beforehand, the record at the head must still have
   * the head's hash even when later records follow it: a chain recomputed from some record
   * on, with more appended after the head, holds together everywhere else.
   */
  constructor(
    after?: { position: number; hash: string },
    private readonly head?: { position: number; hash: string },
  ) {
    this.nextSeq = after ? after.position + 1 : 0;
    this.prevHash = after ? after.hash : GENESIS_HASH;
  }

  get ok(): boolean {
    return this.findings.length === 0;
  }

  get firstBad(): ChainFinding | undefined {
    return this.findings[0];
  }

  /** Position the next record should have. */
  get expected(): number {
    return this.nextSeq;
  }

  /** The stored hash of the last record seen: where a later check may resume. */
  get lastHash(): string {
    return this.prevHash;
  }

  /** One stored record: its position in the store and its data. */
  add(position: number, data: unknown): void {
    this.checked += 1;
    const gap = position > this.nextSeq;
    if (gap) this.report(this.nextSeq, 'missing');
    const record = (data && typeof data === 'object' ? data : {}) as Partial<ChainLink> & Record<string, unknown>;
    const { hash, ...withoutHash } = record;
    if (record.seq !== position) this.report(position, 'misplaced');
    // After a gap the link points at the missing record: that is the gap's finding, not this one's.
    else if (!gap && record.prevHash !== this.prevHash) this.report(position, 'unlinked');
    // A missing or non-text hash never equals a computed one: only the link needs a type check.
    else if (typeof record.prevHash !== 'string' || chainHash(record.prevHash, withoutHash) !== hash)
      this.report(position, 'altered');
    if (this.head && position === this.head.position && hash !== this.head.hash) this.report(position, 'altered');
    this.nextSeq = position + 1;
    this.prevHash = typeof hash === 'string' ? hash : '';
  }

  /**
   * The record is known to reach `head` (e.g. this service wrote it): anything short of
   * that was cut off. With the hash the head had when it was written, a latest record
   * rewritten with a fitting hash shows too: no later record links to it to tell.
   */
  expectHead(head: number, hash?: string): void {
    if (head >= this.nextSeq) this.report(this.nextSeq, 'missing');
    else if (hash !== undefined && head === this.nextSeq - 1 && hash !== this.prevHash) this.report(head, 'altered');
  }

  private report(position: number, problem: ChainProblem): void {
    // One finding per position: a missing record is reported once, not again as unlinked.
    if (this.findings.at(-1)?.position === position) return;
    this.findings.push({ position, problem });
  }
}
