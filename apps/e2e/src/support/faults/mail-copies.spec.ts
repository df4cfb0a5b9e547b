import { classifyCopies } from './mail-copies';

const at = (messageId: string, ms: number, client: string) => ({ messageId, at: ms, client });

describe('the fault run on repeated mails (R62)', () => {
  it('R62: a mail that arrived once is no copy', () => {
    const result = classifyCopies([at('<a@x>', 1000, 'n1'), at('<b@x>', 1100, 'n2')], [], 2000);
    expect(result).toEqual({ copies: 0, copyIds: [], explained: [], unexplained: 0 });
  });

  it('R62: a second copy after its first sender was killed -9 right after the 250 is explained', () => {
    const result = classifyCopies(
      [at('<a@x>', 1000, 'n1'), at('<a@x>', 125_000, 'n2')],
      [{ client: 'n1', at: 1040 }],
      2000,
    );
    expect(result.copies).toBe(1);
    expect(result.unexplained).toBe(0);
    expect(result.explained).toEqual(['a: n1 killed 40 ms after the 250']);
  });

  it('R62: a copy is a failure when the kill hit another process, came before the 250 or long after it', () => {
    const deliveries = [at('<a@x>', 1000, 'n1'), at('<a@x>', 125_000, 'n2')];
    expect(classifyCopies(deliveries, [{ client: 'n2', at: 1040 }], 2000).unexplained).toBe(1);
    expect(classifyCopies(deliveries, [{ client: 'n1', at: 900 }], 2000).unexplained).toBe(1);
    expect(classifyCopies(deliveries, [{ client: 'n1', at: 3001 }], 2000).unexplained).toBe(1);
  });

  it('R62: each extra copy needs a kill of its own', () => {
    const result = classifyCopies(
      [at('<a@x>', 125_000, 'n2'), at('<a@x>', 1000, 'n1'), at('<a@x>', 250_000, 'n1')],
      [{ client: 'n1', at: 1500 }],
      2000,
    );
    expect(result).toMatchObject({ copies: 2, copyIds: ['a x3'], unexplained: 1 });
    expect(result.explained).toHaveLength(1);
  });
});
