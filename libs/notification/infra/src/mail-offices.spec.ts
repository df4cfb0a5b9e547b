// R71: which office a mail speaks for, asked of scheduling and kept for a minute.
import { Writable } from 'node:stream';
import type { RpcClient } from '@soudan/messaging';
import { createLogger, NAMERIKAWA, type OfficeSettings } from '@soudan/platform';
import { SchedulingPatterns } from '@soudan/scheduling-contracts';
import { MailOffices } from './mail-offices';

const quiet = createLogger({ name: 't', level: 'silent', destination: new Writable({ write: (_c, _e, d) => d() }) });
const IIDABASHI: OfficeSettings = { ...NAMERIKAWA, code: '13010', name: 'ハローワーク飯田橋' };

function scheduling(answer: (request: { reservationId?: string; code?: string }) => OfficeSettings | Error) {
  const asked: Array<{ pattern: string; request: unknown }> = [];
  const rpc = {
    request: async (pattern: string, request: { reservationId?: string; code?: string }) => {
      asked.push({ pattern, request });
      const answered = answer(request);
      if (answered instanceof Error) throw answered;
      return answered;
    },
  } as unknown as RpcClient;
  return { rpc, asked };
}

const coded = (code: string) => Object.assign(new Error(code), { code });

describe('the office a mail speaks for (R71)', () => {
  it("R71: a reservation's office comes from scheduling, asked once a minute per reservation", async () => {
    let now = 0;
    const { rpc, asked } = scheduling(() => IIDABASHI);
    const offices = new MailOffices(rpc, NAMERIKAWA, quiet, { now: () => now });
    expect((await offices.ofReservation('r-1', 'c')).name).toBe('ハローワーク飯田橋');
    expect((await offices.ofReservation('r-1', 'c')).name).toBe('ハローワーク飯田橋');
    expect(asked).toEqual([{ pattern: SchedulingPatterns.officeForMail, request: { reservationId: 'r-1' } }]);
    now = 60_001;
    await offices.ofReservation('r-1', 'c');
    expect(asked).toHaveLength(2);
  });

  it('R71: the configured office is not asked for; another code is', async () => {
    const { rpc, asked } = scheduling(() => IIDABASHI);
    const offices = new MailOffices(rpc, NAMERIKAWA, quiet);
    expect(await offices.ofCode('16070', 'c')).toBe(NAMERIKAWA);
    expect(await offices.ofCode(undefined, 'c')).toBe(NAMERIKAWA);
    expect(asked).toHaveLength(0);
    expect((await offices.ofCode('13010', 'c')).code).toBe('13010');
    expect(asked).toEqual([{ pattern: SchedulingPatterns.officeForMail, request: { code: '13010' } }]);
  });

  it('R62: an outage is thrown (the bus retries the mail) rather than mailing in the wrong name', async () => {
    for (const code of ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'STORE_UNAVAILABLE']) {
      const offices = new MailOffices(scheduling(() => coded(code)).rpc, NAMERIKAWA, quiet);
      await expect(offices.ofReservation('r-2', 'c')).rejects.toMatchObject({ code });
    }
  });

  it('R71: a reservation or office scheduling does not know is mailed in the configured office’s name', async () => {
    const offices = new MailOffices(scheduling(() => coded('RESERVATION_NOT_FOUND')).rpc, NAMERIKAWA, quiet);
    expect(await offices.ofReservation('r-gone', 'c')).toBe(NAMERIKAWA);
  });
});
