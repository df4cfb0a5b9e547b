// Issue 10: a second office side by side with the configured one, as a seeker of it
// meets the system (R71): the national administrator registers it; its seeker signs in
// by a link mailed in its name, sees its slots, terms and phone, books a slot only its
// hours have, and is mailed in its name; the office's own staff see the reservation, the
// configured office's staff do not (R72). Shared by the embedded and distributed runs,
// which differ only in where the mails arrive (.eml outbox or SMTP sink).
import type { ParsedMail } from 'mailparser';
import { eventually } from '@soudan/testing';
import { at, D2, utc } from './dates';
import { get, post, tokenInMailText, validRequest } from './journey';

export const IIDABASHI = {
  code: '13010',
  name: 'ハローワーク飯田橋',
  phone: '03-3812-8609',
  email: '13010hw01@mhlw.go.jp',
  hours: { open: '09:00', close: '17:00', slotMinutes: 30 },
  meetingBaseUrl: 'https://meet.soudan.example/room',
};

export interface Mails {
  /** The sign-in link mailed to `email`. */
  signInLink(email: string): Promise<ParsedMail>;
  /** The first mail about reservation `id`. */
  aboutReservation(id: string): Promise<ParsedMail>;
}

export async function secondOfficeJourney(baseUrl: string, adminToken: string, mails: Mails) {
  const admin = { authorization: `Bearer ${adminToken}` };
  const { code, ...settings } = IIDABASHI;
  const put = await fetch(`${baseUrl}/api/v1/offices/${code}`, {
    method: 'PUT',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ ...settings, publicBaseUrl: baseUrl }),
  });
  expect([200, 201]).toContain(put.status);
  const seeker = { jobSeekerNumber: '13010-00000071', name: '飯田 花子', email: 'iidabashi@example.jp' };
  const added = await post(baseUrl, '/staff/seekers', { ...seeker, officeCode: code, status: 'registered' }, admin);
  expect([200, 201]).toContain(added.status);
  const asked = await post(baseUrl, '/auth/seeker/link', {
    jobSeekerNumber: seeker.jobSeekerNumber,
    email: seeker.email,
  });
  expect(asked.status).toBe(202);
  const signInMail = await mails.signInLink(seeker.email);
  // The link comes in the name of the seeker's office, with its phone and hours.
  expect(signInMail.subject).toContain(IIDABASHI.name);
  expect(signInMail.text).toContain(`TEL ${IIDABASHI.phone}（相談時間 09:00〜17:00`);
  const session = await post(baseUrl, '/auth/seeker/session', { token: tokenInMailText(signInMail.text) });
  expect(session.body).toMatchObject({ accessToken: expect.any(String), officeCode: code });
  const token = { authorization: `Bearer ${session.body.accessToken as string}` };

  expect((await get(baseUrl, `/office?code=${code}`)).body).toMatchObject({
    name: IIDABASHI.name,
    phone: IIDABASHI.phone,
  });
  expect((await get(baseUrl, '/office?code=99999')).status).toBe(404);
  const nine = utc(at(D2, '09:00')); // Iidabashi's hours, not Namerikawa's
  const starts = async (query: string) =>
    (await get(baseUrl, `/availability?from=${D2}&to=${D2}${query}`)).body.slots.map((s: { start: string }) => s.start);
  expect(await starts(`&office=${code}`)).toContain(nine);
  expect(await starts('')).not.toContain(nine);
  const unserved = await get(baseUrl, `/availability?from=${D2}&to=${D2}&office=99999`);
  expect([unserved.status, unserved.body.code]).toEqual([422, 'OFFICE_NOT_SERVED']);
  const terms = await get(baseUrl, `/terms/current?office=${code}`);
  expect(terms.body.body).toContain(`${IIDABASHI.name}（以下「当ハローワーク」といいます。）`);

  const created = await post(
    baseUrl,
    '/reservations',
    validRequest({
      ...seeker,
      desiredSlots: [at(D2, '09:00')],
      topic: '求人の探し方',
      onlineReason: '育児のため',
    }),
    { ...token, 'idempotency-key': `second-office-${Date.now()}` },
  );
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const mail = await mails.aboutReservation(id);
  expect(mail.subject).toBe(`【${IIDABASHI.name}】オンライン職業相談のお申込みを受け付けました`);
  expect(mail.text).not.toContain('滑川');
  const mine = await get(baseUrl, `/reservations/${id}`, token);
  expect(mine.body.officePhone).toBe(IIDABASHI.phone);

  // R72: staff of each office see their own office's reservation only.
  const member = async (username: string, offices: string[]) => {
    const password = 'Side-By-Side-Offices-72!';
    const made = await post(baseUrl, '/staff/users', { username, password, roles: ['counsellor'], offices }, admin);
    expect(made.status).toBe(201);
    const session = await post(baseUrl, '/auth/staff/session', { username, password });
    return { authorization: `Bearer ${session.body.accessToken as string}` };
  };
  const ours = await member('iida-staff', [code]);
  const theirs = await member('namerikawa-staff', ['16070']);
  const listed = async (who: Record<string, string>) =>
    (await get(baseUrl, '/staff/reservations', who)).body.reservations.map((r: { id: string }) => r.id) as string[];
  await eventually(async () => ((await listed(ours)).includes(id) ? true : undefined), {
    timeoutMs: 15_000,
    what: "the second office's reservation in its staff's list",
  });
  expect(await listed(theirs)).not.toContain(id);
  const checkIn = await post(baseUrl, `/staff/reservations/${id}/check-in`, {}, theirs);
  expect([checkIn.status, checkIn.body.code]).toEqual([404, 'RESERVATION_NOT_FOUND']);
  return { reservationId: id, seekerToken: session.body.accessToken as string };
}
