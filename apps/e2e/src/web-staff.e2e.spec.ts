// The office's console and the auditor's desk in a real browser (Debian's Chromium driven
// by playwright-core) against the system as `npm start` runs it, through one office day:
// a seeker requests (API), a supervisor offers from the Requests screen, the seeker
// consents (API), the counsellor sees it on Today, checks in, completes and books a
// follow-up; the auditor finds it in the History, runs the Integrity check and downloads
// the usage CSV (parsed here); the alerts list a request left unanswered past its
// deadline (R7, written into the history before the start); a disclosure is requested by one supervisor and approved by
// another in a second browser context. Roles are checked in the browser (a counsellor has
// no offer button, an auditor no staff screens). The administrator adds an account and
// resets its password; the member chooses a new one at first sign-in, and is signed out at
// their next step once disabled. Any member changes their own password from the header and
// signs in again with it. axe (WCAG 2.1 AA) on every screen, no violation of any
// impact; screenshots to tmp/screenshots/staff-ja-1280/ (and staff-ja-360/ for a phone;
// docs/screenshots/ by `npm run screenshots`).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { simpleParser } from 'mailparser';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@soudan/event-store';
import {
  createTestDatabase,
  eventually,
  freePort,
  startPostgres,
  type TestDatabase,
  type TestPostgresServer,
} from '@soudan/testing';
import { startApp, waitForHealthy, type AppProcess } from './support/processes';
import { SCREENSHOTS } from './support/screenshots';
import { appendRequested } from './support/requested-event';
import {
  ADMIN_PASSWORD,
  createStaff,
  get,
  post,
  requestReservation,
  signInAsAdmin,
  signInAsSeeker,
  tokenInMailText,
} from './support/journey';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(SCREENSHOTS, 'staff-ja-1280');
const describeWithBrowser = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM))
  process.stderr.write(`web staff e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`);

const STAFF_PASSWORD = 'Hokuriku-line-2026!';
const SEEKER = { jobSeekerNumber: '16070-55550001', name: '魚津 一郎', email: 'ichiro@example.jp' };
const DESK = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
const jst = (iso: string) => new Date(Date.parse(iso) + 9 * 3_600_000).toISOString();
const jstDate = (iso: string) => jst(iso).slice(0, 10);
const jstTime = (iso: string) => jst(iso).slice(11, 16);

describeWithBrowser('web app: the office console and the auditor desk in a real browser (npm start)', () => {
  let dataDir: string;
  let pg: TestPostgresServer;
  let db: TestDatabase;
  /** A request nobody answered in time (R7), in the history before the system starts. */
  const overdueId = randomUUID();
  let baseUrl: string;
  let app: AppProcess;
  let browser: Browser;
  let admin: string;
  let seeker: string;
  const contexts: BrowserContext[] = [];
  const violations: string[] = [];
  let shot = 0;
  /** The reservation of the day and its follow-up. */
  const day: { id?: string; number?: string; slot?: string; followUp?: string } = {};

  /** axe on the page as it is now (every impact counts), and a full-page screenshot. */
  async function look(page: Page, name: string) {
    await page
      .waitForFunction("!document.body.innerText.includes('読み込んでいます')", undefined, { timeout: 10_000 })
      .catch(() => undefined);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of results.violations)
      violations.push(
        `${name}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    const width = page.viewportSize()?.width ?? 0;
    const dir = width === DESK.width ? SHOTS : join(SCREENSHOTS, `staff-ja-${width}`);
    mkdirSync(dir, { recursive: true });
    shot += 1;
    await page.screenshot({ path: join(dir, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  async function newContext(viewport = DESK): Promise<BrowserContext> {
    const context = await browser.newContext({
      viewport,
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
      acceptDownloads: true,
    });
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    return context;
  }

  /** Signs a staff member in through the console's sign-in page; answers the page on their first screen. */
  async function signIn(username: string, viewport = DESK, shoot = false, password = STAFF_PASSWORD): Promise<Page> {
    const page = await (await newContext(viewport)).newPage();
    await page.goto(`${baseUrl}/office`);
    await page.getByRole('heading', { level: 1, name: '職員ログイン' }).waitFor();
    if (shoot) {
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.getByText('ユーザー名を入力してください').first().waitFor();
      await look(page, 'sign-in-errors');
    }
    await page.getByLabel('ユーザー名').fill(username);
    await page.getByLabel('パスワード').fill(password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('navigation', { name: '職員用メニュー' }).waitFor();
    return page;
  }

  /** Ticks a react-aria checkbox by its label, as a person does (the input is hidden under it). */
  async function tick(input: Locator) {
    await input.locator('xpath=ancestor::label[1]').click();
    await eventually(async () => ((await input.isChecked()) ? true : undefined), {
      timeoutMs: 5_000,
      what: 'the box ticked',
    });
  }

  /** The page is no wider than its viewport (nothing scrolls sideways on a phone). */
  async function fitsWidth(page: Page) {
    const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    const viewport = page.viewportSize()!.width;
    // When it does scroll: the innermost elements that reach past the right edge, to name them.
    const past =
      width > viewport
        ? await page.evaluate(`[...document.body.querySelectorAll('*')]
            .filter((e) => e.getBoundingClientRect().right > ${viewport} && ![...e.children].some((c) => c.getBoundingClientRect().right > ${viewport}))
            .filter((e) => { for (let a = e.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= ${viewport} && (getComputedStyle(e).position !== 'absolute' || a.contains(e.offsetParent))) return false; return true; })
            .map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' "' + (e.textContent ?? '').trim().slice(0, 30) + '" right ' + Math.round(e.getBoundingClientRect().right))`)
        : [];
    expect(past).toEqual([]);
    expect(width).toBeLessThanOrEqual(viewport);
  }

  const navLinks = async (page: Page) =>
    (await page.getByRole('navigation', { name: '職員用メニュー' }).getByRole('link').allTextContents()).map((s) =>
      s.trim(),
    );

  /** The sign-in link's token from the .eml outbox. */
  async function linkToken(email: string): Promise<string> {
    return eventually(
      async () => {
        const dir = join(dataDir, 'outbox');
        if (!existsSync(dir)) return undefined;
        const files = readdirSync(dir)
          .filter((f) => f.startsWith('sign-in-') && f.endsWith('.eml'))
          .map((f) => join(dir, f))
          .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
        for (const file of files) {
          const mail = await simpleParser(readFileSync(file));
          if (!JSON.stringify(mail.to).includes(email)) continue;
          const token = tokenInMailText(mail.text);
          if (token) return token;
        }
        return undefined;
      },
      { timeoutMs: 30_000, what: `a sign-in mail to ${email}` },
    );
  }

  /** The first requestable slots some days ahead (R5), on two different dates. */
  async function requestableSlots(): Promise<string[]> {
    const from = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const availability = await get(baseUrl, `/availability?from=${from}&to=${to}`);
    return (availability.body.slots as Array<{ start: string; requestable: boolean; remaining: number }>)
      .filter((s) => s.requestable && s.remaining > 0)
      .map((s) => s.start);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-web-staff-'));
    rmSync(SHOTS, { recursive: true, force: true });
    rmSync(join(SCREENSHOTS, 'staff-ja-360'), { recursive: true, force: true });
    // On PostgreSQL, so that the history can hold a request from two weeks ago before the
    // system starts: the alerts screen must show it as overdue (R7).
    pg = await startPostgres();
    db = await createTestDatabase(pg, 'soudan_web_staff');
    const history = await PostgresEventStore.connect({ url: db.url, schema: 'scheduling' });
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
    await appendRequested(
      history,
      {
        reservationId: overdueId,
        seekerId: 'seeker-overdue-web-staff',
        desiredSlots: [daysAgo(7)],
        requestedAt: daysAgo(14),
        answerDueBy: daysAgo(9),
      },
      'web-staff-overdue',
    );
    await history.close();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    app = startApp('web-staff-npm-start', ['npm', 'start', '--silent'], {
      PORT: String(port),
      DATA_DIR: dataDir,
      EVENTSTORE_URL: db.url,
      ADMIN_PASSWORD,
      PUBLIC_BASE_URL: baseUrl,
      INBOUND_SMTP_PORT: String(await freePort()),
    });
    await waitForHealthy(baseUrl, 240_000);
    admin = await signInAsAdmin(baseUrl);
    for (const [username, roles] of [
      ['sodan', ['counsellor']],
      ['tokatsu1', ['supervisor']],
      ['tokatsu2', ['supervisor']],
      ['kansa', ['auditor']],
    ] as const)
      await createStaff(baseUrl, admin, username, [...roles]);
    seeker = await signInAsSeeker(baseUrl, admin, linkToken, SEEKER);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-sync'],
    });
  }, 300_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await app?.stop();
    await db?.drop();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('R12: a seeker requests, a supervisor offers a held slot from the Requests screen, the seeker consents', async () => {
    const slots = await requestableSlots();
    expect(slots.length).toBeGreaterThan(1);
    day.slot = slots[0];
    const request = await requestReservation(baseUrl, seeker, { ...SEEKER, desiredSlots: [day.slot] });
    day.id = request.id;
    const view = await get(baseUrl, `/reservations/${day.id}`, { authorization: `Bearer ${seeker}` });
    day.number = view.body.number;
    // A second request stays in the queue, for the counsellor's view of it.
    await requestReservation(baseUrl, seeker, { ...SEEKER, desiredSlots: [slots[1]] });

    const page = await signIn('tokatsu1', DESK, true);
    await page.getByRole('link', { name: '申込み' }).click();
    await page.getByRole('heading', { level: 1, name: '申込み' }).waitFor();
    const item = page.getByRole('listitem', { name: `予約番号 ${day.number}` });
    await item.waitFor();
    await look(page, 'requests');
    await item.getByRole('button', { name: '日時を提示' }).click();
    const slot = item.getByRole('checkbox', { name: new RegExp(`^${jstTime(day.slot)} 残り\\d`) });
    await slot.check();
    await look(page, 'requests-offer');
    await item.getByRole('button', { name: 'この日時を提示する' }).click();
    await page.getByText(`予約番号 ${day.number} に日時を提示しました。`).waitFor();
    // The offer holds its slot until the seeker answers (R12): listed with its hold.
    const holds = page.getByRole('region', { name: /提示済み・回答待ち/ });
    await holds.getByRole('cell', { name: day.number }).waitFor();
    await look(page, 'requests-offered');

    const terms = await get(baseUrl, '/terms/current');
    const consent = await post(
      baseUrl,
      `/reservations/${day.id}/consent`,
      { slot: day.slot, termsVersion: terms.body.version },
      { authorization: `Bearer ${seeker}` },
    );
    expect([consent.status, consent.body.status]).toEqual([200, 'confirmed']);
  }, 120_000);

  it('R16: the counsellor sees the session on Today, checks in, books a follow-up during it and completes it; no offer button for them', async () => {
    const page = await signIn('sodan');
    expect(await navLinks(page)).toEqual(['本日の相談', '申込み', 'アラート', '求職者', 'チラシ']);
    await page.goto(`${baseUrl}/office/today?date=${jstDate(day.slot!)}`);
    const session = page.getByRole('listitem', { name: `${jstTime(day.slot!)} ${SEEKER.name}` });
    // Confirmed, or invited once the confirmation mail with the link has gone (R15).
    await session.getByText(/^(確定|案内済み)$/).waitFor();
    await page
      .getByTestId('last-heard')
      .filter({ hasText: /最終更新 \d\d:\d\d:\d\d/ })
      .waitFor();
    // The counsellor opens the room itself; the join link of the e-mails is the seeker's.
    const room = await session.getByRole('link', { name: /相談室を開く/ }).getAttribute('href');
    expect(room).toMatch(/^https:\/\/meet\.soudan\.example\/room\/[\w-]{20,}$/);
    await look(page, 'today');

    await session.getByRole('button', { name: '入室を確認' }).click();
    await session.getByText('相談中').waitFor();
    // The follow-up: a later requestable slot, its remaining places shown (R4, R16).
    await session.getByRole('button', { name: '次回を予約' }).click();
    const later = (await requestableSlots()).find((s) => jstDate(s) > jstDate(day.slot!))!;
    await session.getByLabel('次回の日付').fill(jstDate(later));
    const choice = session.getByRole('radio', { name: new RegExp(`^${jstTime(later)} 残り\\d`) });
    await choice.check();
    await look(page, 'today-follow-up');
    await session.getByRole('button', { name: 'この日時で予約する' }).click();
    await page.getByText(/次回の相談を.*に予約しました。/).waitFor();
    day.followUp = later;
    // The staff list is a projection: it shows the follow-up once it has caught up.
    await eventually(
      async () => {
        const followUps = await get(baseUrl, `/staff/reservations?date=${jstDate(later)}`, {
          authorization: `Bearer ${admin}`,
        });
        return (followUps.body.reservations as Array<{ slot: string | null; status: string }> | undefined)?.some(
          (r) => r.slot && Date.parse(r.slot) === Date.parse(later) && ['confirmed', 'invited'].includes(r.status),
        )
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, what: 'the follow-up in the staff list' },
    );
    await session.getByRole('button', { name: '相談を終了' }).click();
    await session.getByText('終了', { exact: true }).waitFor();
    await look(page, 'today-done');

    // A counsellor sees the queue but has no offer button (supervisors offer, R12).
    await page.getByRole('link', { name: '申込み' }).click();
    await page.getByTestId('request').first().waitFor();
    expect(await page.getByRole('button', { name: '日時を提示' }).count()).toBe(0);
    // Nor a disclosure screen, by menu or by address.
    await page.goto(`${baseUrl}/office/disclosures`);
    await page.getByRole('heading', { level: 1, name: 'この画面は使えません' }).waitFor();

    await page.goto(`${baseUrl}/office/alerts`);
    await page.getByRole('heading', { level: 2, name: /回答期限を過ぎた申込み/ }).waitFor();
    // R7: the request nobody answered within three business days is listed, with its deadline.
    const overdueRequests = page.getByRole('region', { name: /回答期限を過ぎた申込み/ });
    await overdueRequests.getByText(overdueId).waitFor();
    await look(page, 'alerts');

    // Seekers: the roster searched by part of a name (R72), one seeker's standing and
    // reservations, and the roster import's preview.
    await page.getByRole('link', { name: '求職者' }).click();
    await page.getByLabel('求職番号または氏名').fill('魚津');
    await page.getByRole('button', { name: '検索' }).click();
    const match = page.getByRole('row', { name: new RegExp(SEEKER.name) });
    await match.waitFor();
    await look(page, 'seekers-search');
    await match.getByRole('link', { name: SEEKER.jobSeekerNumber }).click();
    await page.getByRole('heading', { level: 2, name: SEEKER.name }).waitFor();
    await page.getByRole('region', { name: 'この求職者の予約' }).getByRole('cell', { name: day.number! }).waitFor();
    await page.getByLabel('CSVファイル').setInputFiles({
      name: 'roster.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        '\uFEFF求職番号,氏名,メールアドレス,安定所番号,登録状況\r\n16070-55550002,黒部 花子,hanako@example.jp,16070,registered\r\nbad-number,誰か,not-an-address,16070,registered\r\n',
      ),
    });
    await page.getByRole('button', { name: '内容を確認する（書き込みません）' }).click();
    await page.getByTestId('import-preview').getByText('取り込める行 1行、取り込めない行 1行').waitFor();
    expect((await get(baseUrl, '/staff/seekers/16070-55550002', { authorization: `Bearer ${admin}` })).status).toBe(
      404,
    );
    await look(page, 'seekers');

    // The A4 flyer with a QR code of the request page.
    await page.getByRole('link', { name: 'チラシ' }).click();
    const qr = page.getByRole('img', { name: `申込みページのQRコード（${baseUrl}/request）` });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await page.getByText('076-475-0324').waitFor();
    await look(page, 'flyer');
  }, 120_000);

  it('R53: the auditor has the desk only, finds the reservation in the History, runs the Integrity check and downloads the usage CSV', async () => {
    const page = await signIn('kansa');
    expect(await navLinks(page)).toEqual(['記録の閲覧', '改ざん検査', '利用状況']);
    await page.goto(`${baseUrl}/office/today`);
    await page.getByRole('heading', { level: 1, name: 'この画面は使えません' }).waitFor();

    await page.getByRole('link', { name: '記録の閲覧' }).click();
    await page.getByTestId('audit-event').first().waitFor();
    await look(page, 'history');
    await page.getByLabel('予約番号または予約ID').fill(day.number!);
    await page.getByRole('button', { name: '予約の経過を見る' }).click();
    await page.getByRole('heading', { level: 1, name: '予約の経過' }).waitFor();
    const story = page.getByRole('region', { name: '予約の経過' });
    for (const type of ['ReservationRequested', 'ReservationOffered', 'ReservationConfirmed'])
      await story.getByRole('cell', { name: type, exact: true }).first().waitFor();
    await look(page, 'history-story');

    await page.getByRole('link', { name: '改ざん検査' }).click();
    await page.getByRole('button', { name: '検査する' }).click();
    await page.getByTestId('integrity-result').getByText('問題は見つかりませんでした').waitFor();
    await look(page, 'integrity');

    await page.goto(`${baseUrl}/office/usage?month=${jstDate(day.slot!).slice(0, 7)}`);
    await page.getByRole('heading', { level: 2, name: '日と時間枠ごと' }).waitFor();
    await look(page, 'usage');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'CSVをダウンロード' }).click();
    const file = await (await download).path();
    const bytes = readFileSync(file);
    // Excel in Japan reads UTF-8 only with its BOM.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes
      .subarray(3)
      .toString('utf8')
      .split('\r\n')
      .map((line) => line.split(','));
    const header = rows[0];
    expect(header.slice(0, 2)).toEqual(['日付', '時間枠']);
    const row = rows.find((r) => r[0] === jstDate(day.slot!) && r[1] === jstTime(day.slot!));
    expect(row).toBeDefined();
    expect(Number(row![header.indexOf('確定')])).toBeGreaterThanOrEqual(1);
    expect(Number(row![header.indexOf('終了')])).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('R52: a disclosure is requested by one supervisor and approved by another in their own session; the showing is recorded', async () => {
    const first = await signIn('tokatsu1');
    // Office settings: a new terms version's notice is previewed with its recipients (R31).
    await first.getByRole('link', { name: '設定' }).click();
    await first.getByText(/^現在の版：/).waitFor();
    await look(first, 'settings');
    await first.getByLabel('版').fill('2099-04-01');
    await first.getByLabel('施行日').fill('2099-04-01');
    await first.getByLabel('変更の要旨').fill('第5条（利用できる方）を変更します。');
    await first.getByRole('button', { name: 'お知らせを確認する' }).click();
    // Two seekers have a reservation open: ours (the follow-up) and the one whose request
    // waits past its deadline.
    await first.getByTestId('notice-preview').getByText('送信先：予約が進行中の求職者 2人').waitFor();
    await look(first, 'settings-notice');

    await first.getByRole('link', { name: '開示請求' }).click();
    await first.getByRole('heading', { level: 1, name: '開示請求' }).waitFor();
    await look(first, 'disclosures');
    const today = jstDate(new Date().toISOString());
    await first.getByLabel('請求した機関').fill('富山県警察本部');
    await first.getByLabel('法的根拠').fill('刑事訴訟法第197条第2項');
    await first.getByLabel('求職番号（任意）').fill(SEEKER.jobSeekerNumber);
    await first.getByLabel('対象期間の開始日').fill(today);
    await first.getByLabel('対象期間の終了日').fill(today);
    await first.getByRole('button', { name: '開示請求を記録する' }).click();
    await first.getByTestId('disclosure-state').getByText('承認待ち').waitFor();
    // The one who asked cannot approve.
    expect(await first.getByRole('button', { name: '承認する' }).count()).toBe(0);
    await look(first, 'disclosure-requested');
    const address = first.url();

    const second = await signIn('tokatsu2');
    await second.goto(address);
    await second.getByRole('button', { name: '承認する' }).click();
    await second.getByTestId('disclosure-state').getByText('承認済み').waitFor();
    await second.getByRole('heading', { level: 2, name: 'この表示は記録されます' }).waitFor();
    await look(second, 'disclosure-approved');
    const id = address.split('/').pop()!;
    const auditor = await createStaff(baseUrl, admin, 'kansa', ['auditor']);
    await eventually(
      async () => {
        const events = await get(baseUrl, '/audit/events?category=disclosure&limit=1000', {
          authorization: `Bearer ${auditor}`,
        });
        return (events.body.events as Array<{ stream: string; type: string }>).find(
          (e) => e.stream === `disclosure-${id}` && e.type === 'DisclosureRecordsRevealed',
        );
      },
      { timeoutMs: 20_000, what: 'the showing of the disclosure in the audit record' },
    );
  }, 120_000);

  it('the screens work on a 360 px phone too (Today and Requests)', async () => {
    const page = await signIn('tokatsu1', PHONE);
    await page.goto(`${baseUrl}/office/today?date=${jstDate(day.followUp!)}`);
    await page.getByRole('listitem', { name: `${jstTime(day.followUp!)} ${SEEKER.name}` }).waitFor();
    await look(page, 'today-phone');
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(PHONE.width);
  }, 60_000);

  it('staff accounts: the administrator adds one and resets its password; the member chooses a new one at first sign-in and, disabled, is signed out at their next step', async () => {
    const member = 'shinjin';
    const chosen = 'Unazuki-Gorge-Train-8%';
    const admin = await signIn('admin', DESK, false, ADMIN_PASSWORD);
    await admin
      .getByRole('navigation', { name: '職員用メニュー' })
      .getByRole('link', { name: '職員アカウント' })
      .click();
    await admin.getByRole('heading', { level: 1, name: '職員アカウント' }).waitFor();
    await admin.getByRole('listitem', { name: /^sodan/ }).waitFor();

    // Adding: each problem beside its field first, then the account with its initial password.
    const add = admin.getByRole('button', { name: 'アカウントを追加する' });
    await add.click();
    await admin.getByRole('link', { name: '役割を1つ以上選んでください' }).waitFor();
    await look(admin, 'accounts-add-errors');
    await admin.getByLabel('ユーザー名').fill(member);
    await admin.getByLabel('初期パスワード').fill('Kurobe-Dam-Rainbow-5!');
    await tick(admin.getByRole('checkbox', { name: /^相談員/ }));
    await add.click();
    await admin.getByText(`${member} を追加しました。`).waitFor();
    const item = admin.getByRole('listitem', { name: new RegExp(`^${member}`) });
    expect(await item.getByTestId('account-roles').textContent()).toBe('相談員');
    await look(admin, 'accounts');

    // The reset, after a confirmation: the one-time password is shown here once.
    await item.getByRole('button', { name: /^パスワードを再設定/ }).click();
    const confirm = admin.getByRole('alertdialog', { name: `${member} のパスワードを再設定しますか` });
    await confirm.waitFor();
    await look(admin, 'accounts-reset-confirm');
    await confirm.getByRole('button', { name: '再設定する' }).click();
    const oneTime = ((await item.getByTestId('temporary-password-value').textContent()) ?? '').trim();
    expect(oneTime).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    await item.getByText('本人に直接（対面または電話で）伝えてください。', { exact: false }).waitFor();
    await look(admin, 'accounts-one-time-password');
    await item.getByRole('button', { name: '伝えたので表示を閉じる' }).click();
    expect(await item.getByTestId('temporary-password').count()).toBe(0);

    // The member, on a phone: the one-time password asks for a new one, which signs in.
    const phone = await (await newContext(PHONE)).newPage();
    await phone.goto(`${baseUrl}/office`);
    await phone.getByLabel('ユーザー名').fill(member);
    await phone.getByLabel('パスワード').fill(oneTime);
    await phone.getByRole('button', { name: 'ログイン' }).click();
    await phone.getByRole('heading', { level: 1, name: '新しいパスワードの設定' }).waitFor();
    await look(phone, 'new-password-phone');
    await fitsWidth(phone);
    await phone.setViewportSize(DESK);
    await look(phone, 'new-password');
    await phone.setViewportSize(PHONE);
    await phone.getByLabel('新しいパスワード', { exact: true }).fill(chosen);
    await phone.getByLabel('新しいパスワード（確認）').fill(chosen);
    await phone.getByRole('button', { name: 'パスワードを設定してログイン' }).click();
    await phone.getByRole('heading', { level: 1, name: '本日の相談' }).waitFor();
    expect(await phone.getByTestId('signed-in-as').textContent()).toContain(member);
    const token = JSON.parse((await phone.evaluate("sessionStorage.getItem('soudan.staff')")) as string).token;
    expect((await get(baseUrl, '/staff/reservations', { authorization: `Bearer ${token}` })).status).toBe(200);
    await admin.reload();
    await item.getByText('本人が設定済み').waitFor();

    // Disabled after a confirmation: the member's next request is refused, and the console says so.
    await item.getByRole('button', { name: /^利用を停止/ }).click();
    await admin
      .getByRole('alertdialog', { name: `${member} の利用を停止しますか` })
      .getByRole('button', { name: '利用を停止する' })
      .click();
    await item.getByTestId('account-state').filter({ hasText: '利用停止中' }).waitFor();
    await look(admin, 'accounts-disabled');
    const refused = await get(baseUrl, '/staff/reservations', { authorization: `Bearer ${token}` });
    expect([refused.status, refused.body.code]).toEqual([401, 'TOKEN_REVOKED']);
    // Today polls every 10 s: whichever comes first, the poll or the click, signs the member out.
    await phone
      .getByRole('link', { name: '申込み' })
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await phone.getByRole('heading', { level: 1, name: '職員ログイン' }).waitFor();
    await phone.getByRole('heading', { level: 2, name: 'ログアウトしました' }).waitFor();
    expect(await phone.getByRole('navigation', { name: '職員用メニュー' }).count()).toBe(0);
    await look(phone, 'signed-out-phone');
    await phone.getByLabel('ユーザー名').fill(member);
    await phone.getByLabel('パスワード').fill(chosen);
    await phone.getByRole('button', { name: 'ログイン' }).click();
    await phone.getByText('このアカウントは利用停止中です。管理者にお問い合わせください。').waitFor();

    // The accounts screen on a phone.
    const small = await signIn('admin', PHONE, false, ADMIN_PASSWORD);
    await small.goto(`${baseUrl}/office/accounts`);
    await small.getByRole('listitem', { name: new RegExp(`^${member}`) }).waitFor();
    await look(small, 'accounts-phone');
    await fitsWidth(small);
  }, 120_000);

  it('any role changes their own password from the header: a wrong current one is said, the tab keeps working on the new token, and the next sign-in takes the new password', async () => {
    const chosen = 'Etchu-Yatsuo-Owara-7#';
    // An auditor: the link is beside the name for every role, not among a role's screens.
    const page = await signIn('kansa', PHONE);
    const staffToken = async () =>
      JSON.parse((await page.evaluate("sessionStorage.getItem('soudan.staff')")) as string).token as string;
    const before = await staffToken();
    await page.getByRole('banner').getByRole('link', { name: 'パスワードの変更' }).click();
    await page.getByRole('heading', { level: 1, name: 'パスワードの変更' }).waitFor();

    await page.getByLabel('現在のパスワード').fill('Not-the-password-9!');
    await page.getByLabel('新しいパスワード', { exact: true }).fill(chosen);
    await page.getByLabel('新しいパスワード（確認）').fill(chosen);
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    await page.getByRole('link', { name: '現在のパスワードが違います' }).waitFor();
    expect(await staffToken()).toBe(before);
    await look(page, 'own-password-wrong-phone');
    await fitsWidth(page);

    await page.setViewportSize(DESK);
    await page.getByLabel('現在のパスワード').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    await page.getByText(/^パスワードを変更しました。/).waitFor();
    await look(page, 'own-password-changed');
    const after = await staffToken();
    expect(after).not.toBe(before);
    // The gateway ended the old token; this tab goes on with the new one.
    const old = await get(baseUrl, '/audit/integrity', { authorization: `Bearer ${before}` });
    expect([old.status, old.body.code]).toEqual([401, 'TOKEN_REVOKED']);
    await page.getByRole('link', { name: '記録の閲覧' }).click();
    await page.getByTestId('audit-event').first().waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('kansa');

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.getByRole('heading', { level: 1, name: '職員ログイン' }).waitFor();
    const stale = await post(baseUrl, '/auth/staff/session', { username: 'kansa', password: STAFF_PASSWORD });
    expect([stale.status, stale.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    const again = await signIn('kansa', DESK, false, chosen);
    expect(await navLinks(again)).toEqual(['記録の閲覧', '改ざん検査', '利用状況']);
  }, 120_000);

  it('R64: the settings and disclosure screens work on a 360 px phone: nothing scrolls sideways, every form is in reach and goes through', async () => {
    const page = await signIn('tokatsu1', PHONE);
    /** Each control whole on the screen, not cut off at its right edge. */
    const inReach = async (control: Locator) => {
      await control.scrollIntoViewIfNeeded();
      await expect(control.isVisible()).resolves.toBe(true);
      const box = (await control.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    };

    // Settings: the hours, the closed days, the capacity and the terms, one under another.
    await page.getByRole('navigation', { name: '職員用メニュー' }).getByRole('link', { name: '設定' }).click();
    await page.getByText(/^現在の版：/).waitFor();
    await fitsWidth(page);
    for (const label of [
      '開始',
      '終了',
      '1枠の長さ',
      '追加する休業日',
      '曜日',
      '10:00',
      '版',
      '施行日',
      '変更の要旨',
      '本文',
    ])
      await inReach(page.getByLabel(label, { exact: true }));
    for (const name of [
      '相談時間を保存する',
      '一覧に追加',
      '休業日を保存する',
      '相談枠を保存する',
      'お知らせを確認する',
    ])
      await inReach(page.getByRole('button', { name, exact: true }));
    await look(page, 'settings-phone');
    // The capacity of one weekday, saved from the phone.
    await page.getByLabel('曜日', { exact: true }).selectOption('3');
    await page.getByLabel('10:00', { exact: true }).fill('2');
    await page.getByRole('button', { name: '相談枠を保存する' }).click();
    await page.getByText(/^水曜日の相談枠を保存しました。 保存した人数：10:00 2人/).waitFor();
    // The terms notice's preview.
    await page.getByLabel('版').fill('2099-10-01');
    await page.getByLabel('施行日').fill('2099-10-01');
    await page.getByLabel('変更の要旨').fill('第7条（予約の取消し）を変更します。');
    await page.getByRole('button', { name: 'お知らせを確認する' }).click();
    await page
      .getByTestId('notice-preview')
      .getByText(/^送信先：予約が進行中の求職者 \d+人$/)
      .waitFor();
    await inReach(page.getByRole('button', { name: 'この内容で公表する' }));
    await fitsWidth(page);
    await look(page, 'settings-notice-phone');

    // Disclosures: the lists (a table each, scrolled within its own region) and the request form.
    await page.getByRole('navigation', { name: '職員用メニュー' }).getByRole('link', { name: '開示請求' }).click();
    await page.getByRole('heading', { level: 1, name: '開示請求' }).waitFor();
    await page.getByRole('region', { name: '承認済みの開示請求' }).getByTestId('disclosure-row').first().waitFor();
    await fitsWidth(page);
    for (const label of ['請求した機関', '法的根拠', '求職番号（任意）', '対象期間の開始日', '対象期間の終了日'])
      await inReach(page.getByLabel(label));
    await inReach(page.getByRole('button', { name: '開示請求を記録する' }));
    const today = jstDate(new Date().toISOString());
    await page.getByLabel('請求した機関').fill('富山地方検察庁');
    await page.getByLabel('法的根拠').fill('刑事訴訟法第197条第2項');
    await page.getByLabel('対象期間の開始日').fill(today);
    await page.getByLabel('対象期間の終了日').fill(today);
    await page.getByRole('button', { name: '開示請求を記録する' }).click();
    await page.getByTestId('disclosure-state').getByText('承認待ち').waitFor();
    await fitsWidth(page);
    await look(page, 'disclosure-requested-phone');
    await page
      .getByRole('link', { name: /開示請求$/ })
      .first()
      .click();
    await page.getByRole('region', { name: '承認待ちの開示請求' }).getByTestId('disclosure-row').first().waitFor();
    await fitsWidth(page);
    await look(page, 'disclosures-phone');
  }, 120_000);

  it('no screen has an accessibility violation of any impact (axe, WCAG 2.1 AA)', () => {
    expect(violations).toEqual([]);
  });
});
