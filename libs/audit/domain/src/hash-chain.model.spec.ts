// Model-based test of the audit hash chain (R53): random chains, then random tampering
// of the stored records (a changed field, a record rewritten with a fitting hash, a
// deletion, the latest record deleted or rewritten, a swap, a relink, a moved position,
// a duplicate, a forged insertion, a chain recomputed from some record on). The model
// says where each shows first; the verifier must find it there, and must find nothing
// in a chain nobody touched.
import fc from 'fast-check';
import { propertyRuns } from '@soudan/testing/property';
import { canonicalJson } from './canonical-json';
import { ChainVerifier, GENESIS_HASH, linkRecord, type ChainProblem } from './hash-chain';

type Stored = Record<string, unknown> & { seq: number; prevHash: string; hash: string };

const content = fc.record({
  type: fc.constantFrom('ReservationRequested', 'SeekerJoined', 'AccessRecorded'),
  at: fc.integer({ min: 0, max: 10_000 }).map((m) => new Date(Date.UTC(2026, 11, 1) + m * 60_000).toISOString()),
  data: fc.record({
    n: fc.integer(),
    note: fc.string({ maxLength: 8 }),
    flags: fc.array(fc.boolean(), { maxLength: 3 }),
  }),
});

function chain(contents: Array<Record<string, unknown>>): Stored[] {
  const records: Stored[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 0; seq < contents.length; seq += 1) {
    const record = linkRecord(contents[seq], seq, prev) as Stored;
    records.push(JSON.parse(JSON.stringify(record)) as Stored);
    prev = record.hash;
  }
  return records;
}

type Tamper =
  | { op: 'alter'; at: number }
  | { op: 'rehash'; at: number }
  | { op: 'delete'; at: number }
  | { op: 'deleteLatest' }
  | { op: 'swap'; at: number }
  | { op: 'relink'; at: number }
  | { op: 'move'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'insert'; at: number }
  | { op: 'rechain'; at: number };

const tamper: fc.Arbitrary<Tamper> = fc.oneof(
  ...(['alter', 'rehash', 'delete', 'swap', 'relink', 'move', 'duplicate', 'insert', 'rechain'] as const).map((op) =>
    fc.record({ op: fc.constant(op), at: fc.nat() }),
  ),
  fc.constant({ op: 'deleteLatest' as const }),
);

/** The store: records by position. A deletion leaves a gap; an insertion renumbers what follows. */
type Store = Array<[number, Stored]>;
const store = (records: Stored[]): Store => records.map((record, position) => [position, record]);
const strip = ({ hash: _h, seq: _s, prevHash: _p, ...rest }: Stored): Record<string, unknown> => rest;
/** linkRecord as the store hands it back. */
const link = (body: Record<string, unknown>, seq: number, prevHash: string) =>
  linkRecord(body, seq, prevHash) as Stored;

/** Applies one tampering to the store; returns it with the first finding the model expects. */
function apply(entries: Store, t: Tamper): { stored: Store; first: { position: number; problem: ChainProblem } } {
  const n = entries.length;
  const at = 'at' in t ? t.at % n : n - 1;
  const copy: Store = entries.map(([p, r]) => [p, JSON.parse(JSON.stringify(r)) as Stored]);
  const position = copy[at][0];
  const record = copy[at][1];
  switch (t.op) {
    case 'alter':
      copy[at][1] = { ...record, data: { ...(record.data as object), n: 'changed' } };
      return { stored: copy, first: { position, problem: 'altered' } };
    case 'rehash': {
      copy[at][1] = link({ ...strip(record), data: { forged: true } }, record.seq, record.prevHash);
      // Nothing links to the latest record: only the head's hash, known to the writer, tells.
      const next = copy[at + 1]?.[0];
      return {
        stored: copy,
        first: next === undefined ? { position, problem: 'altered' } : { position: next, problem: 'unlinked' },
      };
    }
    case 'delete':
    case 'deleteLatest':
      copy.splice(at, 1);
      return { stored: copy, first: { position, problem: 'missing' } };
    case 'swap': {
      const other = at === n - 1 ? at - 1 : at + 1;
      [copy[at][1], copy[other][1]] = [copy[other][1], copy[at][1]];
      return { stored: copy, first: { position: copy[Math.min(at, other)][0], problem: 'misplaced' } };
    }
    case 'relink':
      copy[at][1] = { ...record, prevHash: record.prevHash === GENESIS_HASH ? 'f'.repeat(64) : GENESIS_HASH };
      return { stored: copy, first: { position, problem: 'unlinked' } };
    case 'move':
      copy[at][1] = { ...record, seq: record.seq + 1 };
      return { stored: copy, first: { position, problem: 'misplaced' } };
    case 'duplicate': {
      // A record stored again over the one after it (over the one before, for the latest).
      const [from, to] = at === n - 1 ? [at - 1, at] : [at, at + 1];
      copy[to][1] = copy[from][1];
      return { stored: copy, first: { position: copy[to][0], problem: 'misplaced' } };
    }
    case 'insert': {
      const forged = link({ type: 'Forged', at: '2026-12-01T00:00:00.000Z', data: {} }, position, record.prevHash);
      const shifted: Store = copy.map(([p, r], i) => [i >= at ? p + 1 : p, r]);
      shifted.splice(at, 0, [position, forged]);
      // The forged record fits where it stands; the one it pushed on says it stands before.
      // Forged at the head itself, it lacks the hash the writer knows the head by.
      return {
        stored: shifted,
        first: at === n - 1 ? { position, problem: 'altered' } : { position: position + 1, problem: 'misplaced' },
      };
    }
    case 'rechain': {
      // Someone who knows the scheme recomputes every hash from a record on: the chain
      // holds together, and only the head's hash, kept by the writer, shows it.
      let prev = record.prevHash;
      for (let i = at; i < n; i += 1) {
        const body = i === at ? { ...strip(copy[i][1]), data: { rechained: true } } : strip(copy[i][1]);
        copy[i][1] = link(body, copy[i][1].seq, prev);
        prev = copy[i][1].hash;
      }
      return { stored: copy, first: { position: copy[n - 1][0], problem: 'altered' } };
    }
  }
}

function verify(stored: Store, head: { position: number; hash: string }) {
  const verifier = new ChainVerifier(undefined, head);
  for (const [position, record] of stored) verifier.add(position, record);
  verifier.expectHead(head.position, head.hash);
  return verifier;
}

describe('the audit hash chain against a model of tampering (R53)', () => {
  it('R53 model: a chain nobody touched verifies, counting every record, and names its last hash', () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 1, maxLength: 12 }), (contents) => {
        const records = chain(contents);
        const verifier = verify(store(records), { position: records.length - 1, hash: records.at(-1)!.hash });
        expect({ ok: verifier.ok, checked: verifier.checked, findings: verifier.findings }).toEqual({
          ok: true,
          checked: records.length,
          findings: [],
        });
        expect(verifier.lastHash).toBe(records.at(-1)!.hash);
        expect(verifier.expected).toBe(records.length);
      }),
      propertyRuns(150),
    );
  });

  it('R53 model: any change, deletion, reorder or relink shows, first at the position the model names', () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 2, maxLength: 10 }), tamper, (contents, t) => {
        const records = chain(contents);
        const head = { position: records.length - 1, hash: records.at(-1)!.hash };
        const { stored, first } = apply(store(records), t);
        const verifier = verify(stored, head);
        expect(verifier.ok).toBe(false);
        expect(verifier.firstBad).toEqual(first);
        // A tampering at one place is one finding: a gap is not also a broken link after it.
        if (['alter', 'rehash', 'delete', 'deleteLatest', 'relink', 'move'].includes(t.op))
          expect(verifier.findings).toEqual([first]);
        // One finding per position, in order.
        const positions = verifier.findings.map((f) => f.position);
        expect([...new Set(positions)].sort((a, b) => a - b)).toEqual(positions);
      }),
      propertyRuns(400),
    );
  });

  it('R53 model: several tamperings at once never verify, unless they undid one another', () => {
    fc.assert(
      fc.property(
        fc.array(content, { minLength: 2, maxLength: 8 }),
        fc.array(tamper, { minLength: 1, maxLength: 4 }),
        (contents, ts) => {
          const records = chain(contents);
          const head = { position: records.length - 1, hash: records.at(-1)!.hash };
          let stored = store(records);
          for (const t of ts) if (stored.length > 1) stored = apply(stored, t).stored;
          const untouched = canonicalJson(stored) === canonicalJson(store(records));
          expect(verify(stored, head).ok).toBe(untouched);
        },
      ),
      propertyRuns(300),
    );
  });

  it('R53 model: a check resumed after a verified record finds what a full check finds after it', () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 3, maxLength: 10 }), tamper, fc.nat(), (contents, t, k) => {
        const records = chain(contents);
        const head = { position: records.length - 1, hash: records.at(-1)!.hash };
        const { stored } = apply(store(records), t);
        const anchor = k % (records.length - 1);
        // Resuming trusts the anchor: only tampering after it is the resumed check's to find.
        fc.pre(canonicalJson(stored.slice(0, anchor + 1)) === canonicalJson(store(records).slice(0, anchor + 1)));
        const full = verify(stored, head);
        const resumed = new ChainVerifier({ position: anchor, hash: stored[anchor][1].hash }, head);
        const after = stored.slice(anchor + 1);
        for (const [position, record] of after) resumed.add(position, record);
        resumed.expectHead(head.position, head.hash);
        expect(resumed.findings).toEqual(full.findings);
        expect(resumed.checked).toBe(after.length);
      }),
      propertyRuns(300),
    );
  });

  it('R53 model: the canonical form is one text per JSON value, whatever the order of its keys', () => {
    const reorder = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reorder)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reorder(v)]),
            )
          : value;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(reorder(value))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      propertyRuns(300),
    );
  });
});
