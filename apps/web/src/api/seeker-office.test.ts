// R71: a signed-in seeker's pages show their own office's slots, terms and phone: the
// office the sign-in answered goes with every such question, and leaves with the session.
import { afterEach, describe, expect, it, vi } from 'vitest';

const asked: URL[] = [];
vi.stubGlobal('fetch', async (input: Request) => {
  const url = new URL(input.url);
  asked.push(url);
  const body = url.pathname.endsWith('/availability')
    ? { slots: [], days: [] }
    : url.pathname.endsWith('/terms/current')
      ? { version: '2023-04-01', effectiveFrom: '2023-03-31T15:00:00.000Z', text: '' }
      : {
          code: '13010',
          name: 'ハローワーク飯田橋',
          phone: '03-3812-8609',
          hours: { open: '09:00', close: '17:00', slotMinutes: 30 },
        };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
});
const { signIn, signOut } = await import('./session');
const { getAvailability, getOffice, getTerms } = await import('./views');

const last = () => asked.at(-1)!;

describe("the seeker's office (R71)", () => {
  afterEach(() => {
    signOut();
    asked.length = 0;
  });

  it("R71: signed in, availability, terms and the office's phone are asked of the seeker's office", async () => {
    signIn('token', '13010');
    await getAvailability('2026-12-07', '2026-12-11', '2026-12-04');
    expect(last().searchParams.get('office')).toBe('13010');
    await getTerms();
    expect(last().searchParams.get('office')).toBe('13010');
    expect((await getOffice())?.name).toBe('ハローワーク飯田橋');
    expect(last().searchParams.get('code')).toBe('13010');
  });

  it('R71: signed out, the questions name no office (the office the system runs for answers)', async () => {
    signIn('token', '13010');
    signOut();
    await getAvailability('2026-12-07', '2026-12-11', '2026-12-04');
    expect(last().searchParams.has('office')).toBe(false);
    await getOffice();
    expect(last().searchParams.has('code')).toBe(false);
  });
});
