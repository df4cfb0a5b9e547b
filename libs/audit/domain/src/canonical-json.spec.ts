import { canonicalJson } from './canonical-json';

describe('canonical JSON of an audit record (R53: the hash must not change with key order)', () => {
  it('R53: writes objects with their keys sorted at every depth, arrays in their own order', () => {
    expect(canonicalJson({ b: [3, { z: 1, y: 2 }, 1], a: { d: 'x', c: true } })).toBe(
      '{"a":{"c":true,"d":"x"},"b":[3,{"y":2,"z":1},1]}',
    );
  });

  it('R53: sorts keys by UTF-16 code units, as RFC 8785 does, not by locale', () => {
    expect(canonicalJson({ b: 1, B: 2, é: 3, a: 4, '10': 5, '9': 6 })).toBe('{"10":5,"9":6,"B":2,"a":4,"b":1,"é":3}');
  });

  it('R53: scalars as JSON writes them; null and undefined alone are null', () => {
    expect(canonicalJson('a "quoted" ü')).toBe('"a \\"quoted\\" ü"');
    expect(canonicalJson(1.5)).toBe('1.5');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(false)).toBe('false');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('R53: a number JSON cannot hold is null, as JSON.stringify writes it', () => {
    for (const value of [Number.NaN, Infinity, -Infinity]) {
      expect(canonicalJson(value)).toBe('null');
      expect(canonicalJson([value])).toBe(JSON.stringify([value]));
    }
  });

  it('R53: leaves out keys whose value is undefined or a function; in an array they are null', () => {
    expect(canonicalJson({ a: undefined, f: () => 1, b: null, c: 0 })).toBe('{"b":null,"c":0}');
    expect(canonicalJson([undefined, () => 1, null, 0])).toBe('[null,null,null,0]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
  });

  it('R53: a value with toJSON is written as what it gives (a Date as its ISO instant)', () => {
    expect(canonicalJson({ at: new Date('2026-12-01T00:00:00.000Z') })).toBe('{"at":"2026-12-01T00:00:00.000Z"}');
    expect(canonicalJson({ v: { toJSON: () => ({ y: 1, x: 2 }) } })).toBe('{"v":{"x":2,"y":1}}');
  });

  it('R53: refuses what JSON cannot carry instead of hashing something else', () => {
    expect(() => canonicalJson(10n)).toThrow(TypeError);
    expect(() => canonicalJson(Symbol('s'))).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });

  it('R53: equal content written in another key order gives the same text', () => {
    const one = { context: 'scheduling', data: { slot: 's', seekerId: 'x', nested: [{ b: 1, a: 2 }] }, revision: 3 };
    const other = { revision: 3, data: { nested: [{ a: 2, b: 1 }], seekerId: 'x', slot: 's' }, context: 'scheduling' };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
    expect(JSON.parse(canonicalJson(one))).toEqual(one);
  });
});
