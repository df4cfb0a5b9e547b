// Signing people in on a whole system started by a test: admin by password, a seeker
// put on the roster by staff and signed in with the link mailed to the outbox (no
// SMTP_URL: the embedded system writes .eml files under DATA_DIR/outbox).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { eventually } from '@soudan/testing';
import { apiClient } from './api-client';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

export const TEST_SEEKER = { jobSeekerNumber: '16070-00000077', name: '滑川 花子', email: 'hanako@example.jp' };

/** The token of the latest sign-in link mailed to `email` in `dataDir`'s outbox. */
export async function linkTokenFromOutbox(dataDir: string, email: string): Promise<string> {
  return eventually(
    async () => {
      const dir = join(dataDir, 'outbox');
      if (!existsSync(dir)) return undefined;
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
        const mail = await simpleParser(readFileSync(join(dir, file)));
        const match = /token=([A-Za-z0-9_.~-]+)/.exec(mail.text ?? '');
        if (JSON.stringify(mail.to ?? '').includes(email) && match) return match[1];
      }
      return undefined;
    },
    { timeoutMs: 20_000, what: `sign-in mail to ${email}` },
  );
}

/** Admin's token and a seeker's token on the system at `base`. */
export async function signInAdminAndSeeker(base: string, dataDir: string, adminPassword: string, seeker = TEST_SEEKER) {
  const { call, session } = apiClient(() => base);
  const admin = await session('admin', adminPassword);
  const added = await call('POST', '/staff/seekers', {
    token: admin,
    body: { ...seeker, officeCode: '16070', status: 'registered' },
  });
  if (![200, 201].includes(added.status)) throw new Error(`adding the seeker answered ${added.status}`);
  await call('POST', '/auth/seeker/link', { body: { jobSeekerNumber: seeker.jobSeekerNumber, email: seeker.email } });
  const token = await linkTokenFromOutbox(dataDir, seeker.email);
  const signedIn = await call('POST', '/auth/seeker/session', { body: { token } });
  if (signedIn.status !== 201) throw new Error(`the seeker's sign-in answered ${signedIn.status}`);
  return { admin, seeker: signedIn.body.accessToken as string };
}

/** A valid reservation request for a slot `lead` business days ahead (the caller picks the slot). */
export const reservationRequest = (slot: string, overrides: Record<string, unknown> = {}) => ({
  name: TEST_SEEKER.name,
  email: TEST_SEEKER.email,
  desiredSlots: [slot],
  topic: '面接の練習をしたい',
  onlineReason: '子育て中のため',
  ...readySeeker(),
  ...overrides,
});
