// R72, R74 from outside: members of the configured office (16070), one per role, call every
// staff, office and audit route with what belongs to a second office (13010): its
// reservation, its seeker, its disclosure, its accounts. Each answer must hide or refuse
// it, while a member of the second office (and a national one) sees it: the positive
// control that keeps the matrix from passing on an empty system. The routes come from
// the published OpenAPI file, so a route added later fails here until it is given a row.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '@soudan/testing';
import { at, D2, today } from './dates';
import { IIDABASHI } from './offices';
import { ROOT } from './processes';

const HOME = '16070';
const OTHER = IIDABASHI.code;
const PASSWORD = 'Hokuriku-Office-Matrix-72!';

type Answer = { status: number; body: any };
type Who = 'counsellor' | 'supervisor' | 'auditor' | 'admin';

export interface OfficeMatrixInput {
  baseUrl: string;
  /** The national administrator's token (the first `admin`). */
  adminToken: string;
  /** A reservation of the configured office and one of the second office. */
  homeReservationId: string;
  otherReservationId: string;
  /** The second office's seeker. */
  otherJobSeekerNumber: string;
}

export async function officeMatrix(input: OfficeMatrixInput): Promise<void> {
  const { baseUrl, adminToken, homeReservationId: mine, otherReservationId: theirs } = input;
  const send = async (method: string, path: string, token: string, body?: unknown, type = 'application/json') => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': type }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined } as Answer;
  };
  const account = async (username: string, roles: string[], offices: string[]) => {
    const made = await send('POST', '/staff/users', adminToken, { username, password: PASSWORD, roles, offices });
    expect([username, made.status]).toEqual([username, 201]);
    const session = await send('POST', '/auth/staff/session', '', { username, password: PASSWORD });
    expect(session.body.offices).toEqual(offices);
    return session.body.accessToken as string;
  };
  const home: Record<Who, string> = {
    counsellor: await account('hm-counsellor', ['counsellor'], [HOME]),
    supervisor: await account('hm-supervisor', ['supervisor'], [HOME]),
    auditor: await account('hm-auditor', ['auditor'], [HOME]),
    admin: await account('hm-admin', ['admin'], [HOME]),
  };
  const other = {
    counsellor: await account('ot-counsellor', ['counsellor'], [OTHER]),
    supervisor: await account('ot-supervisor', ['supervisor'], [OTHER]),
    auditor: await account('ot-auditor', ['auditor'], [OTHER]),
  };
  const nationalAuditor = await account('zk-auditor', ['auditor'], ['*']);
  const no = input.otherJobSeekerNumber;
  const text = (answer: Answer) => JSON.stringify(answer.body);
  /** Every record of the audit history as `token` reads it. */
  const records = async (token: string) => {
    const all: Array<{ category: string; type: string; data: any }> = [];
    for (let from: string | undefined; ;) {
      const page = await send('GET', `/audit/events?limit=1000${from ? `&from=${from}` : ''}`, token);
      expect(page.status).toBe(200);
      all.push(...page.body.events);
      if (!page.body.next) return all;
      from = page.body.next;
    }
  };
  const history = async (token: string) => (await records(token)).map((r) => JSON.stringify(r)).join('\n');

  const todayInJapan = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  // A disclosure of the second office, asked for by a national supervisor (the first admin).
  const disclosure = await send('POST', '/audit/disclosures', adminToken, {
    authority: '東京地方検察庁',
    legalBasis: '刑事訴訟法第197条第2項',
    scope: { office: OTHER, from: '2026-01-01', to: todayInJapan },
  });
  expect(disclosure.status).toBe(201);
  const disclosureId = disclosure.body.id as string;
  // The second office's reservation has reached the audit record (a national auditor sees it).
  await eventually(async () => ((await history(nationalAuditor)).includes(theirs) ? true : undefined), {
    timeoutMs: 30_000,
    what: "the second office's reservation in the audit record",
  });

  /** Each row: who calls, what they send, what must hold of the answer. */
  type Row = {
    who: Who;
    method: string;
    path: string;
    body?: unknown;
    type?: string;
    check: (a: Answer) => void | Promise<void>;
  };
  const hidden = (code: string) => (a: Answer) => expect([a.status, a.body?.code]).toEqual([404, code]);
  const forbidden = (a: Answer) => expect([a.status, a.body?.code]).toEqual([403, 'OFFICE_FORBIDDEN']);
  const without =
    (...secrets: string[]) =>
    (a: Answer) => {
      expect(a.status).toBe(200);
      for (const secret of secrets) expect(text(a)).not.toContain(secret);
    };
  const slot = at(D2, '09:00');
  const rows: Record<string, Row[]> = {
    'GET /staff/reservations': [
      { who: 'counsellor', method: 'GET', path: '/staff/reservations', check: without(theirs) },
      { who: 'supervisor', method: 'GET', path: `/staff/reservations?office=${OTHER}`, check: forbidden },
    ],
    'GET /staff/schedule': [
      { who: 'counsellor', method: 'GET', path: `/staff/schedule?date=${D2}`, check: without(theirs) },
      { who: 'counsellor', method: 'GET', path: `/staff/schedule?date=${D2}&office=${OTHER}`, check: forbidden },
    ],
    'GET /staff/alerts': [
      { who: 'counsellor', method: 'GET', path: '/staff/alerts', check: without(theirs, no) },
      { who: 'supervisor', method: 'GET', path: '/staff/alerts', check: without(theirs, no) },
    ],
    'GET /staff/no-show-reviews': [
      { who: 'supervisor', method: 'GET', path: '/staff/no-show-reviews', check: without(no) },
    ],
    ...Object.fromEntries(
      (
        [
          ['cancellation', 'counsellor', { channel: 'phone' }],
          ['check-in', 'counsellor', {}],
          ['complete', 'counsellor', {}],
          ['follow-up', 'counsellor', { slot }],
          ['offer', 'supervisor', { slots: [slot] }],
          ['rejection', 'supervisor', { reason: '対象外' }],
          ['terminate', 'counsellor', { reason: '相談目的外' }],
        ] as const
      ).map(([action, who, body]) => [
        `POST /staff/reservations/{id}/${action}`,
        [
          {
            who,
            method: 'POST',
            path: `/staff/reservations/${theirs}/${action}`,
            body,
            check: hidden('RESERVATION_NOT_FOUND'),
          },
        ],
      ]),
    ),
    'PUT /staff/capacity': [
      {
        who: 'supervisor',
        method: 'PUT',
        path: '/staff/capacity',
        body: { weekday: 2, slots: { '09:00': 2 }, office: OTHER },
        check: forbidden,
      },
    ],
    'GET /staff/capacity': [
      { who: 'counsellor', method: 'GET', path: `/staff/capacity?office=${OTHER}`, check: forbidden },
      { who: 'supervisor', method: 'GET', path: `/staff/capacity?office=${OTHER}`, check: forbidden },
    ],
    'GET /staff/calendar': [
      { who: 'counsellor', method: 'GET', path: `/staff/calendar?office=${OTHER}`, check: forbidden },
    ],
    'PUT /staff/calendar': [
      {
        who: 'supervisor',
        method: 'PUT',
        path: '/staff/calendar',
        body: { closures: ['2030-01-07'], office: OTHER },
        check: forbidden,
      },
    ],
    'POST /staff/terms': [
      {
        who: 'supervisor',
        method: 'POST',
        path: '/staff/terms',
        body: {
          version: 'matrix-1',
          effectiveFrom: '2030-01-01T00:00:00+09:00',
          body: 'b',
          changeSummary: 'c',
          office: OTHER,
        },
        check: forbidden,
      },
    ],
    'GET /staff/seekers': [
      {
        who: 'counsellor',
        method: 'GET',
        path: `/staff/seekers?q=${encodeURIComponent('飯田')}`,
        check: (a) => {
          expect(a.status).toBe(200);
          expect(a.body.seekers.map((s: { jobSeekerNumber: string }) => s.jobSeekerNumber)).not.toContain(no);
        },
      },
      { who: 'counsellor', method: 'GET', path: `/staff/seekers?office=${OTHER}`, check: forbidden },
    ],
    'GET /staff/seekers/{no}': [
      { who: 'counsellor', method: 'GET', path: `/staff/seekers/${no}`, check: hidden('SEEKER_NOT_FOUND') },
    ],
    'DELETE /staff/seekers/{no}': [
      { who: 'supervisor', method: 'DELETE', path: `/staff/seekers/${no}`, check: hidden('SEEKER_NOT_FOUND') },
    ],
    'POST /staff/seekers/{no}/suspension': [
      {
        who: 'supervisor',
        method: 'POST',
        path: `/staff/seekers/${no}/suspension`,
        body: { reason: '確認', until: '2027-03-31' },
        check: hidden('SEEKER_NOT_FOUND'),
      },
    ],
    'DELETE /staff/seekers/{no}/suspension': [
      {
        who: 'supervisor',
        method: 'DELETE',
        path: `/staff/seekers/${no}/suspension`,
        check: hidden('SEEKER_NOT_FOUND'),
      },
    ],
    'POST /staff/seekers/{no}/review/dismissal': [
      {
        who: 'supervisor',
        method: 'POST',
        path: `/staff/seekers/${no}/review/dismissal`,
        body: {},
        check: hidden('SEEKER_NOT_FOUND'),
      },
    ],
    'POST /staff/seekers': [
      {
        who: 'counsellor',
        method: 'POST',
        path: '/staff/seekers',
        body: {
          jobSeekerNumber: no,
          name: '飯田 花子',
          email: 'other@example.jp',
          officeCode: OTHER,
          status: 'registered',
        },
        check: forbidden,
      },
    ],
    'POST /staff/seekers/import': [
      {
        who: 'supervisor',
        method: 'POST',
        path: '/staff/seekers/import?dryRun=true',
        body: `jobSeekerNumber,name,email,officeCode,status\n${no},飯田 花子,other@example.jp,${OTHER},registered\n`,
        type: 'text/csv',
        check: (a) => {
          expect([a.status, a.body.goodRows]).toEqual([200, 0]);
          expect(a.body.rejected[0].reasons.map((r: { code: string }) => r.code)).toEqual(['OFFICE_FORBIDDEN']);
        },
      },
    ],
    'GET /staff/users': [
      { who: 'admin', method: 'GET', path: '/staff/users', check: without('ot-counsellor', 'zk-auditor') },
    ],
    'POST /staff/users': [
      {
        who: 'admin',
        method: 'POST',
        path: '/staff/users',
        body: { username: 'hm-foreign', password: PASSWORD, roles: ['counsellor'], offices: [OTHER] },
        check: forbidden,
      },
    ],
    ...Object.fromEntries(
      (
        [
          ['GET', '', undefined],
          ['POST', '/disable', undefined],
          ['POST', '/enable', undefined],
          ['POST', '/password-reset', undefined],
          ['PUT', '/roles', { roles: ['supervisor'] }],
        ] as const
      ).map(([method, tail, body]) => [
        `${method} /staff/users/{username}${tail}`,
        [
          {
            who: 'admin' as const,
            method,
            path: `/staff/users/ot-counsellor${tail}`,
            body,
            check: hidden('STAFF_USER_NOT_FOUND'),
          },
        ],
      ]),
    ),
    'PUT /staff/users/{username}/offices': [
      {
        who: 'admin',
        method: 'PUT',
        path: '/staff/users/hm-counsellor/offices',
        body: { offices: [OTHER] },
        check: forbidden,
      },
    ],
    'GET /offices': [
      {
        who: 'admin',
        method: 'GET',
        path: '/offices',
        check: (a) =>
          expect(a.body.offices.map((o: { settings: { code: string } }) => o.settings.code)).toEqual([HOME]),
      },
    ],
    'GET /offices/{code}': [{ who: 'admin', method: 'GET', path: `/offices/${OTHER}`, check: forbidden }],
    'PUT /offices/{code}': [
      { who: 'admin', method: 'PUT', path: `/offices/${HOME}`, body: { name: 'x' }, check: forbidden },
    ],
    'POST /offices/import': [
      { who: 'admin', method: 'POST', path: '/offices/import', body: [{ code: OTHER, name: 'x' }], check: forbidden },
    ],
    'GET /audit/events': [
      {
        who: 'auditor',
        method: 'GET',
        path: '/audit/events?limit=1',
        check: async () => {
          // Only what this office's own members did (their tries, refused) names it.
          const naming = (await records(home.auditor)).filter((r) => JSON.stringify(r).includes(theirs));
          const notOurs = naming.filter(
            (r) => r.category !== 'access' || JSON.stringify(r.data?.principal?.offices) !== JSON.stringify([HOME]),
          );
          expect(notOurs).toEqual([]);
          const seen = await records(home.auditor);
          expect(JSON.stringify(seen)).not.toContain(no);
          // The second office's accounts, their making and their members' own accesses, are its own.
          const theirStaff = seen.filter(
            (r) =>
              (r.type === 'StaffAccountChanged' && r.data?.username === 'ot-counsellor') ||
              r.data?.principal?.username === 'ot-counsellor',
          );
          expect(theirStaff).toEqual([]);
        },
      },
    ],
    'GET /audit/usage': [
      {
        who: 'auditor',
        method: 'GET',
        path: `/audit/usage?month=${today.slice(0, 7)}&office=${OTHER}`,
        check: forbidden,
      },
      {
        who: 'auditor',
        method: 'GET',
        path: `/audit/usage?month=${today.slice(0, 7)}`,
        check: (a) => expect([a.status, a.body.offices]).toEqual([200, [HOME]]),
      },
    ],
    'POST /audit/disclosures': [
      {
        who: 'supervisor',
        method: 'POST',
        path: '/audit/disclosures',
        body: {
          authority: '富山地方検察庁',
          legalBasis: '刑事訴訟法第197条第2項',
          scope: { jobSeekerNumber: no, from: '2026-01-01', to: todayInJapan },
        },
        check: forbidden,
      },
    ],
    'GET /audit/disclosures': [
      {
        who: 'supervisor',
        method: 'GET',
        path: '/audit/disclosures',
        check: (a) => {
          expect(a.status).toBe(200);
          expect(a.body.disclosures.map((d: { id: string }) => d.id)).not.toContain(disclosureId);
        },
      },
    ],
    'GET /audit/disclosures/{id}': [
      {
        who: 'supervisor',
        method: 'GET',
        path: `/audit/disclosures/${disclosureId}`,
        check: hidden('DISCLOSURE_NOT_FOUND'),
      },
    ],
    'POST /audit/disclosures/{id}/approval': [
      {
        who: 'supervisor',
        method: 'POST',
        path: `/audit/disclosures/${disclosureId}/approval`,
        check: hidden('DISCLOSURE_NOT_FOUND'),
      },
    ],
  };
  /** Routes with no office's data to hide, or covered where the data can be made. */
  const elsewhere: Record<string, string> = {
    'POST /auth/staff/session': 'signs in; the answer names the offices (checked above)',
    'POST /auth/staff/password': 'signs in with a new password; no office data',
    'GET /audit/integrity': 'positions and hashes of the whole chain, no records (api.md)',
    'POST /staff/alerts/{id}/resolution':
      "another office's alert needs undeliverable mail of that office; gateway int test staff-alerts",
  };

  // Every staff, office and audit route of the published contract has a row or a reason.
  const openapi = JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const published = Object.entries(openapi.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace('/api/v1', '')}`),
  );
  const scoped = published.filter((route) => /^\w+ \/(staff|audit|offices|auth\/staff)/.test(route));
  expect(scoped.filter((route) => !rows[route] && !elsewhere[route])).toEqual([]);

  const failures: string[] = [];
  for (const [route, cells] of Object.entries(rows)) {
    for (const cell of cells) {
      const answer = await send(cell.method, cell.path, home[cell.who], cell.body, cell.type);
      try {
        await cell.check(answer);
      } catch (error) {
        const why = (error as Error).message.replace(/\s+/g, ' ').slice(0, 200);
        failures.push(`${route} as ${cell.who} of ${HOME}: ${answer.status} ${text(answer).slice(0, 200)} (${why})`);
      }
    }
  }
  expect(failures).toEqual([]);

  // The positive control: the second office's own members see what was hidden above, and
  // the configured office's members see their own.
  expect(text(await send('GET', '/staff/reservations', other.counsellor))).toContain(theirs);
  expect(text(await send('GET', '/staff/reservations', home.counsellor))).toContain(mine);
  expect((await send('GET', `/staff/seekers/${no}`, other.counsellor)).status).toBe(200);
  const theirRoster = await send('GET', `/staff/seekers?q=${encodeURIComponent('飯田')}`, other.counsellor);
  expect(theirRoster.body.seekers.map((s: { jobSeekerNumber: string }) => s.jobSeekerNumber)).toContain(no);
  const seenByOther = await send('GET', `/audit/disclosures/${disclosureId}`, other.supervisor);
  expect([seenByOther.status, seenByOther.body.id]).toEqual([200, disclosureId]);
  const listedToOther = await send('GET', '/audit/disclosures?status=pending', other.supervisor);
  expect(listedToOther.body.disclosures.map((d: { id: string }) => d.id)).toContain(disclosureId);
  const usage = await send('GET', `/audit/usage?month=${today.slice(0, 7)}`, other.auditor);
  expect(usage.body.offices).toEqual([OTHER]);
  // Account changes are in the audit record, with the offices, never a password hash (R72, R50).
  const national = await records(nationalAuditor);
  const made = national.find((r) => r.type === 'StaffAccountChanged' && r.data?.username === 'ot-counsellor');
  expect(made?.data).toMatchObject({ change: 'created', roles: ['counsellor'], offices: [OTHER], by: 'staff:admin' });
  expect(JSON.stringify(national)).not.toMatch(/argon2|passwordHash/);
  const theirHistory = await history(other.auditor);
  expect(
    (await records(other.auditor)).some(
      (r) => r.type === 'StaffAccountChanged' && r.data?.username === 'ot-counsellor',
    ),
  ).toBe(true);
  expect(theirHistory).toContain(theirs);
  expect(theirHistory).not.toContain(mine);
  expect(await history(home.auditor)).toContain(mine);
}
