import { canonicalJson } from './canonical-json';
import { ChainVerifier, GENESIS_HASH, chainHash, linkRecord } from './hash-chain';

const build = (n: number) => {
  const records: Array<Record<string, unknown>> = [];
  let prev = GENESIS_HASH;
  for (let seq = 0; seq < n; seq++) {
    const record = linkRecord(
      {
        type: 'ReservationRequested',
        at: `2026-12-0${(seq % 9) + 1}T01:00:00.000Z`,
        data: { n: seq, nested: { b: 1, a: [1, 'x'] } },
      },
      seq,
      prev,
    );
    records.push(record as unknown as Record<string, unknown>);
    prev = record.hash;
  }
  return records;
};
const verify = (records: Array<[number, unknown]>, head?: number) => {
  const verifier = new ChainVerifier();
  for (const [position, data] of records) verifier.add(position, data);
  if (head !== undefined) verifier.expectHead(head);
  return verifier;
};
const stored = (records: Array<Record<string, unknown>>) =>
  records.map((r, i) => [i, JSON.parse(JSON.stringify(r))] as [number, unknown]);

describe('the hash chain over the audit record', () => {
  it('R53: the canonical form does not depend on key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'ü' } })).toBe(
      canonicalJson({ a: { c: 'ü', d: [true, null] }, b: 1 }),
    );
    expect(canonicalJson({ a: undefined, b: 1.5, c: -0 })).toBe('{"b":1.5,"c":0}');
    expect(chainHash(GENESIS_HASH, { b: 1, a: 2 })).toBe(chainHash(GENESIS_HASH, { a: 2, b: 1 }));
  });

  it('R53: each record names the hash of the one before it, and its hash covers its content and position', () => {
    const records = build(3);
    expect(records[0].prevHash).toBe(GENESIS_HASH);
    expect(records[1].prevHash).toBe(records[0].hash);
    expect(records[2].prevHash).toBe(records[1].hash);
    const { hash, ...rest } = records[1];
    expect(hash).toBe(chainHash(records[0].hash as string, rest));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('R53: an untouched history verifies, counting every record', () => {
    const verifier = verify(stored(build(6)), 5);
    expect({ ok: verifier.ok, checked: verifier.checked, firstBad: verifier.firstBad }).toEqual({
      ok: true,
      checked: 6,
      firstBad: undefined,
    });
  });

  it('R53: a changed field shows at the position of the record changed', () => {
    const records = stored(build(6));
    (records[3][1] as { data: { n: number } }).data.n = 99;
    const verifier = verify(records);
    expect(verifier.firstBad).toEqual({ position: 3, problem: 'altered' });
    expect(verifier.findings).toHaveLength(1);
    expect(verifier.checked).toBe(6);
  });

  it('R53: a removed record shows as missing at its position, not as a fault of the next one', () => {
    const records = stored(build(6)).filter(([p]) => p !== 2);
    expect(verify(records).findings).toEqual([{ position: 2, problem: 'missing' }]);
  });

  it('R53: a record rewritten with a fresh hash breaks the link of the record after it', () => {
    const records = stored(build(5));
    const { hash: _old, ...content } = records[1][1] as Record<string, unknown>;
    const forged = linkRecord({ ...content, data: { n: 'forged' } }, 1, (records[0][1] as { hash: string }).hash);
    records[1] = [1, JSON.parse(JSON.stringify(forged))];
    expect(verify(records).firstBad).toEqual({ position: 2, problem: 'unlinked' });
  });

  it('R53: swapped records show where they stand wrongly', () => {
    const records = stored(build(4));
    const swapped: Array<[number, unknown]> = [records[0], [1, records[2][1]], [2, records[1][1]], records[3]];
    expect(verify(swapped).firstBad).toEqual({ position: 1, problem: 'misplaced' });
  });

  it('R53: records cut off the end show as missing when the head is known', () => {
    expect(verify(stored(build(5)).slice(0, 3), 4).findings).toEqual([{ position: 3, problem: 'missing' }]);
    expect(verify(stored(build(5)), 4).ok).toBe(true);
  });

  it('R53: a check resumes after a verified position from its stored hash', () => {
    const records = stored(build(6));
    const verifier = new ChainVerifier({ position: 2, hash: (records[2][1] as { hash: string }).hash });
    for (const [position, data] of records.slice(3)) verifier.add(position, data);
    expect({ ok: verifier.ok, checked: verifier.checked, lastHash: verifier.lastHash }).toEqual({
      ok: true,
      checked: 3,
      lastHash: (records[5][1] as { hash: string }).hash,
    });
  });

  it('R53: a record that is not an object at all is reported, not thrown on', () => {
    const records = stored(build(3));
    records[1] = [1, 'garbage'];
    expect(verify(records).firstBad).toEqual({ position: 1, problem: 'misplaced' });
  });

  it('R53: a chain recomputed from the start, with records appended after the known head, does not verify', () => {
    const original = build(3);
    const head = { position: 1, hash: original[1].hash as string };
    // Rewritten from record 0 on, hashes recomputed, and one more record after the head.
    const forged: Array<Record<string, unknown>> = [];
    let prev = GENESIS_HASH;
    for (let seq = 0; seq < 3; seq++) {
      const { hash: _h, seq: _s, prevHash: _p, ...body } = original[seq];
      const record = linkRecord(seq === 0 ? { ...body, data: { forged: true } } : body, seq, prev);
      forged.push(record as unknown as Record<string, unknown>);
      prev = record.hash;
    }
    const checked = new ChainVerifier(undefined, head);
    for (const [position, data] of stored(forged)) checked.add(position, data);
    checked.expectHead(head.position, head.hash);
    expect(checked.findings).toEqual([{ position: 1, problem: 'altered' }]);
    // The true chain with the same later record verifies.
    const honest = new ChainVerifier(undefined, head);
    for (const [position, data] of stored(original)) honest.add(position, data);
    expect(honest.ok).toBe(true);
  });

  it('R53: the latest record deleted shows as missing at its position when the head is known, and the check is not ok', () => {
    const verifier = verify(stored(build(5)).slice(0, 4), 4);
    expect({ ok: verifier.ok, findings: verifier.findings, checked: verifier.checked }).toEqual({
      ok: false,
      findings: [{ position: 4, problem: 'missing' }],
      checked: 4,
    });
  });

  it('R53: every kind of damage makes the check say not ok, with the first bad position', () => {
    const altered = stored(build(4));
    (altered[2][1] as { at: string }).at = '2026-12-31T00:00:00.000Z';
    const deleted = stored(build(4)).filter(([p]) => p !== 1);
    for (const [records, first] of [
      [altered, { position: 2, problem: 'altered' }],
      [deleted, { position: 1, problem: 'missing' }],
    ] as const) {
      const verifier = verify(records as Array<[number, unknown]>);
      expect({ ok: verifier.ok, firstBad: verifier.firstBad }).toEqual({ ok: false, firstBad: first });
    }
  });

  it('R53: the latest record rewritten with a fitting hash shows when the head hash is known', () => {
    const records = stored(build(3));
    const headHash = (records[2][1] as { hash: string }).hash;
    const { hash: _old, seq: _s, prevHash, ...content } = records[2][1] as Record<string, unknown>;
    records[2] = [
      2,
      JSON.parse(JSON.stringify(linkRecord({ ...content, data: { n: 'forged' } }, 2, prevHash as string))),
    ];
    const verifier = new ChainVerifier();
    for (const [position, data] of records) verifier.add(position, data);
    expect(verifier.ok).toBe(true); // nothing after it links to it: only the head hash can tell
    verifier.expectHead(2, headHash);
    expect(verifier.findings).toEqual([{ position: 2, problem: 'altered' }]);
    // The untouched chain with the same head hash verifies; a head behind the last record says nothing.
    const honest = verify(stored(build(3)));
    honest.expectHead(2, headHash);
    honest.expectHead(1, 'another hash');
    expect(honest.ok).toBe(true);
  });

  it('R53: the next expected position and the last hash follow the records checked', () => {
    const records = stored(build(3));
    const verifier = new ChainVerifier();
    expect({ expected: verifier.expected, lastHash: verifier.lastHash }).toEqual({
      expected: 0,
      lastHash: GENESIS_HASH,
    });
    for (const [position, data] of records) verifier.add(position, data);
    expect({ expected: verifier.expected, lastHash: verifier.lastHash }).toEqual({
      expected: 3,
      lastHash: (records[2][1] as { hash: string }).hash,
    });
  });

  it('R53: a record without its hash is reported as altered, one without its link as unlinked', () => {
    const noHash = stored(build(3));
    delete (noHash[2][1] as { hash?: string }).hash;
    expect(verify(noHash).findings).toEqual([{ position: 2, problem: 'altered' }]);
    const records = stored(build(3));
    const { prevHash: _p, hash: _h, ...rest } = records[0][1] as Record<string, unknown>;
    records[0] = [0, { ...rest, hash: chainHash(GENESIS_HASH, rest) }];
    expect(verify(records).firstBad).toEqual({ position: 0, problem: 'unlinked' });
  });

  it('R53: a record after a gap is not blamed for pointing at the missing one; a second gap is a second finding', () => {
    const records = stored(build(7)).filter(([p]) => p !== 1 && p !== 4);
    expect(verify(records).findings).toEqual([
      { position: 1, problem: 'missing' },
      { position: 4, problem: 'missing' },
    ]);
  });

  it('R53: after a gap, a record without its link is reported as altered, not thrown on', () => {
    const records = stored(build(4)).filter(([p]) => p !== 1);
    delete (records[1][1] as { prevHash?: string }).prevHash; // the record at position 2
    expect(verify(records).findings).toEqual([
      { position: 1, problem: 'missing' },
      { position: 2, problem: 'altered' },
    ]);
  });

  it('R53: a record after one without a hash must still link: one without a link of its own is unlinked', () => {
    const records = stored(build(4));
    delete (records[1][1] as { hash?: string }).hash;
    delete (records[2][1] as { prevHash?: string }).prevHash;
    delete (records[2][1] as { hash?: string }).hash;
    expect(verify(records).findings).toEqual([
      { position: 1, problem: 'altered' },
      { position: 2, problem: 'unlinked' },
      { position: 3, problem: 'unlinked' },
    ]);
  });

  it('R53: one finding per position, even when a record at the known head is both misplaced and not the head', () => {
    const records = stored(build(3));
    const head = { position: 2, hash: (records[2][1] as { hash: string }).hash };
    (records[2][1] as { seq: number }).seq = 7;
    (records[2][1] as { hash: string }).hash = 'f'.repeat(64);
    const verifier = new ChainVerifier(undefined, head);
    for (const [position, data] of records) verifier.add(position, data);
    expect(verifier.findings).toEqual([{ position: 2, problem: 'misplaced' }]);
  });
});
