// The seeker's web app in a real browser (Debian's Chromium driven by playwright-core)
// against the system as `npm start` runs it: sign in through the link taken from the
// e-mail, request, a supervisor offers through the API, choose and consent, see the
// meeting link, cancel another; on a 360 px phone in 日本語 and a 1280 px desk in English.
// axe checks every screen in every language (no serious or critical violation), and each
// screen is written to tmp/screenshots/ (docs/screenshots/ by `npm run screenshots`).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { simpleParser } from 'mailparser';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { eventually, freePort } from '@soudan/testing';
import { startApp, waitForHealthy, type AppProcess } from './support/processes';
import { SCREENSHOTS } from './support/screenshots';
import { ADMIN_PASSWORD, get, post, requestReservation, signInAsAdmin } from './support/journey';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = SCREENSHOTS;
const describeWithBrowser = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM))
  process.stderr.write(`web e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`);

type Lang = 'ja' | 'ja-easy' | 'en';

/**
 * Ticks a react-aria checkbox or radio as a person does, by pressing its label (the input
 * itself is visually hidden under it), and waits until it is ticked.
 */
async function tick(input: Locator) {
  await input.locator('xpath=ancestor::label[1]').click();
  await expectChecked(input);
}

async function expectChecked(input: Locator) {
  for (let i = 0; i < 50 && !(await input.isChecked()); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await input.isChecked()).toBe(true);
}

interface Seeker {
  jobSeekerNumber: string;
  name: string;
  email: string;
}

const PHONE = { width: 360, height: 740 };
const DESK = { width: 1280, height: 900 };

describeWithBrowser('web app: the seeker journey in a real browser (npm start)', () => {
  let dataDir: string;
  let baseUrl: string;
  let app: AppProcess;
  let browser: Browser;
  let admin: string;
  const violations: string[] = [];
  const shots: string[] = [];
  const timings: string[] = [];

  /** axe on the page as it is now, and a full-page screenshot, named by viewport and language. */
  async function look(page: Page, name: string, lang: Lang) {
    const started = Date.now();
    // Settled: nothing loading any more (the app's loading notes are role=status "…").
    await page
      .waitForFunction("!document.body.innerText.includes('…')", undefined, { timeout: 10_000 })
      .catch(() => undefined);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
      violations.push(
        `${lang} ${name}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    const width = page.viewportSize()?.width ?? 0;
    const dir = join(SHOTS, `${lang}-${width}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${String(shots.filter((s) => s.startsWith(dir)).length + 1).padStart(2, '0')}-${name}.png`);
    const analysed = Date.now();
    await page.screenshot({ path: file, fullPage: true });
    shots.push(file);
    timings.push(`${lang} ${name}: settle+axe ${analysed - started} ms, screenshot ${Date.now() - analysed} ms`);
  }

  /** The newest sign-in link mailed to `email` since `since` (the .eml outbox), as a path on this server. */
  async function signInLink(email: string, since: number): Promise<string> {
    return eventually(
      async () => {
        const dir = join(dataDir, 'outbox');
        if (!existsSync(dir)) return undefined;
        const files = readdirSync(dir)
          .filter((f) => f.startsWith('sign-in-') && f.endsWith('.eml'))
          .map((f) => join(dir, f))
          .filter((f) => statSync(f).mtimeMs >= since)
          .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
        for (const file of files) {
          const mail = await simpleParser(readFileSync(file));
          if (!JSON.stringify(mail.to).includes(email)) continue;
          const link = /(https?:\/\/[^\s<>"]+\/auth\/seeker#token=[A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
          if (link) return link;
        }
        return undefined;
      },
      { timeoutMs: 30_000, what: `a sign-in mail to ${email} in the outbox` },
    );
  }

  async function newContext(viewport: { width: number; height: number }, lang: Lang): Promise<BrowserContext> {
    const context = await browser.newContext({
      viewport,
      locale: lang === 'en' ? 'en-GB' : 'ja-JP',
      timezoneId: 'Asia/Tokyo',
      hasTouch: viewport.width < 600,
      isMobile: viewport.width < 600,
      permissions: ['camera', 'microphone'],
    });
    context.setDefaultTimeout(20_000);
    return context;
  }

  /** A free slot some weeks ahead, far from the lead time and from the slots the journeys take. */
  async function laterFreeSlot(): Promise<string> {
    const from = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 42 * 86_400_000).toISOString().slice(0, 10);
    const availability = await get(baseUrl, `/availability?from=${from}&to=${to}`);
    const free = (availability.body.slots as Array<{ start: string; remaining: number }>).filter(
      (s) => s.remaining > 0,
    );
    expect(free.length).toBeGreaterThan(0);
    return free[free.length - 1].start;
  }

  async function addSeeker(seeker: Seeker) {
    const added = await post(
      baseUrl,
      '/staff/seekers',
      { ...seeker, officeCode: '16070', status: 'registered' },
      { authorization: `Bearer ${admin}` },
    );
    expect([200, 201]).toContain(added.status);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-web-'));
    // This journey's own folders only (`<language>-<width>`); the console's live beside them.
    for (const dir of existsSync(SHOTS) ? readdirSync(SHOTS) : [])
      if (/^(ja|ja-easy|en)-\d+$/.test(dir)) rmSync(join(SHOTS, dir), { recursive: true, force: true });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // `npm start` builds the web app first when it is missing or older than its sources.
    app = startApp('web-npm-start', ['npm', 'start', '--silent'], {
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_PASSWORD,
      PUBLIC_BASE_URL: baseUrl,
      INBOUND_SMTP_PORT: String(await freePort()),
    });
    await waitForHealthy(baseUrl, 240_000);
    admin = await signInAsAdmin(baseUrl);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // The device check's getUserMedia gets a test pattern and a beep, without asking.
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
      ],
    });
  }, 300_000);

  afterAll(async () => {
    if (process.env.WEB_E2E_TIMINGS) process.stderr.write(`${timings.join('\n')}\n`);
    await browser?.close();
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  async function journey(lang: 'ja' | 'en', viewport: { width: number; height: number }, seeker: Seeker) {
    const text = TEXT[lang];
    await addSeeker(seeker);
    const context = await newContext(viewport, lang);
    const page = await context.newPage();

    // Start
    await page.goto(`${baseUrl}/`);
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: text.start }).waitFor();
    await page.getByText('076-475-0324').first().waitFor();
    // The language choices share one row, on a phone too.
    const choices = page.getByRole('navigation', { name: text.languageNav }).getByRole('button');
    const tops = await Promise.all((await choices.all()).map(async (b) => Math.round((await b.boundingBox())!.y)));
    expect(tops).toHaveLength(3);
    expect(new Set(tops).size).toBe(1);
    await look(page, 'start', lang);

    // Sign in: number and e-mail -> check your mail; the link from the e-mail signs in.
    await page.getByRole('link', { name: text.requestButton }).click();
    await page.getByRole('heading', { level: 1, name: text.signIn }).waitFor();
    await page.getByRole('button', { name: text.sendLink }).click();
    await page.getByRole('alert').waitFor();
    await look(page, 'sign-in-errors', lang);
    await page.getByRole('textbox', { name: text.number }).fill(seeker.jobSeekerNumber);
    await page.getByRole('textbox', { name: text.email }).fill(seeker.email);
    const since = Date.now() - 1000;
    await page.getByRole('button', { name: text.sendLink }).click();
    await page.getByRole('heading', { level: 1, name: text.checkMail }).waitFor();
    await look(page, 'check-mail', lang);
    const link = await signInLink(seeker.email, since);
    expect(link.startsWith(`${baseUrl}/auth/seeker#token=`)).toBe(true);
    await page.goto(link);

    // Request: one question per page (signed in, the flow the start page asked for opens).
    await page.getByRole('heading', { level: 1, name: text.slotsTitle }).waitFor();
    expect(page.url()).not.toContain('token');
    // The first time still free (an earlier journey may have taken the first one).
    const time = page.locator('label:not([data-disabled])').getByRole('checkbox').first();
    await time.waitFor();
    await look(page, 'request-slots', lang);
    await tick(time);
    await page.locator('main form button[type="submit"]').click();
    await page.getByRole('textbox', { name: text.name }).fill(seeker.name);
    expect(await page.getByRole('textbox', { name: text.email }).inputValue()).toBe(seeker.email);
    await look(page, 'request-contact', lang);
    await page.locator('main form button[type="submit"]').click();
    await page.getByRole('textbox', { name: text.topic }).fill(text.topicAnswer);
    await look(page, 'request-topic', lang);
    await page.locator('main form button[type="submit"]').click();
    await tick(page.getByRole('radio', { name: text.childcare }));
    await look(page, 'request-online', lang);
    await page.locator('main form button[type="submit"]').click();
    // An error beside the field first: nothing ticked.
    await page.locator('main form button[type="submit"]').click();
    await page.getByRole('alert').waitFor();
    for (const device of text.devices) await tick(page.getByRole('checkbox', { name: device }));
    await look(page, 'request-devices', lang);
    await page.locator('main form button[type="submit"]').click();
    await tick(page.getByRole('radio', { name: text.noAttendee }));
    await look(page, 'request-attendee', lang);
    await page.locator('main form button[type="submit"]').click();
    const statements = page.getByRole('checkbox');
    await statements.first().waitFor();
    expect(await statements.count()).toBe(6);
    for (let i = 0; i < 6; i++) await tick(statements.nth(i));
    await look(page, 'request-environment', lang);
    await page.locator('main form button[type="submit"]').click();
    await page.getByText(/第14条|Article 14/).waitFor();
    await tick(page.getByRole('checkbox', { name: text.termsRead }));
    await look(page, 'request-terms', lang);
    await page.locator('main form button[type="submit"]').click();
    await page.getByRole('heading', { level: 1, name: text.checkTitle }).waitFor();
    await look(page, 'request-check', lang);
    // A double click sends once (one Idempotency-Key for the form, and the button holds).
    const posted: string[] = [];
    page.on(
      'request',
      (r) => r.method() === 'POST' && r.url().endsWith('/api/v1/reservations') && posted.push(r.url()),
    );
    await page.getByRole('button', { name: text.submit }).dblclick();
    await page.getByRole('heading', { level: 1, name: text.doneTitle }).waitFor();
    expect(posted).toHaveLength(1);
    const id = /\/request\/done\/([^/?#]+)/.exec(page.url())![1];
    const number = (await page.locator('.confirmation strong').textContent())?.trim();
    expect(number).toMatch(/^\w{3}-\w{3}$/);
    await look(page, 'request-done', lang);

    // A supervisor offers the desired slot (R12).
    const seekerToken = (await page.evaluate("sessionStorage.getItem('soudan.session')")) as string;
    const view = await get(baseUrl, `/reservations/${id}`, { authorization: `Bearer ${seekerToken}` });
    const offered = await post(
      baseUrl,
      `/staff/reservations/${id}/offer`,
      { slots: view.body.desiredSlots },
      { authorization: `Bearer ${admin}` },
    );
    expect(offered.status).toBeLessThan(300);

    // My reservations -> choose the offered slot and consent with one button (R13, R32).
    await page.getByRole('link', { name: text.toReservations }).click();
    await page.getByRole('heading', { level: 1, name: text.reservations }).waitFor();
    await page.getByText(text.offeredStatus).first().waitFor();
    await look(page, 'reservations', lang);
    await page.getByRole('link', { name: text.choose }).first().click();
    await page.getByRole('heading', { level: 1, name: text.chooseTitle }).waitFor();
    await tick(page.getByRole('radio').first());
    await look(page, 'choose', lang);
    await page.getByRole('button', { name: text.consent }).click();
    await page.getByRole('heading', { level: 1, name: text.confirmed }).waitFor();
    await look(page, 'choose-done', lang);

    // The reservation: confirmed, its timeline; the join page shows the meeting link.
    await page.getByRole('link', { name: text.viewReservation }).click();
    await page.getByRole('heading', { level: 1, name: text.confirmedStatus }).waitFor();
    await look(page, 'reservation-confirmed', lang);
    await page.getByRole('link', { name: text.joinPage }).click();
    await page.getByRole('heading', { level: 1, name: text.joinTitle }).waitFor();
    const meeting = await page.getByTestId('meeting-link').getAttribute('href');
    expect(meeting).toMatch(/\/join\/[A-Za-z0-9_-]{20,}$/);
    await page.getByRole('button', { name: text.deviceCheck }).click();
    await page.getByText(text.cameraOk).waitFor();
    await look(page, 'join', lang);
    const ics = page.waitForEvent('download');
    await page.getByRole('button', { name: text.ics }).click();
    expect((await ics).suggestedFilename()).toMatch(/\.ics$/);

    // Another request, cancelled online (R17: the day before or earlier).
    const other = await requestReservation(baseUrl, seekerToken!, {
      ...seeker,
      desiredSlots: [await laterFreeSlot()],
    });
    await page.goto(`${baseUrl}/reservations/${other.id}`);
    await page.getByRole('heading', { level: 1, name: text.requestedStatus }).waitFor();
    await look(page, 'reservation-requested', lang);
    await page.getByRole('link', { name: text.cancel }).click();
    await page.getByRole('heading', { level: 1, name: text.cancelTitle }).waitFor();
    await look(page, 'cancel', lang);
    await page.getByRole('button', { name: text.cancelButton }).click();
    await page.getByRole('alertdialog').waitFor();
    await look(page, 'cancel-confirm', lang);
    await page.getByRole('alertdialog').getByRole('button', { name: text.cancelYes }).click();
    await page.getByRole('heading', { level: 1, name: text.cancelled }).waitFor();
    await look(page, 'cancel-done', lang);
    const after = await get(baseUrl, `/reservations/${other.id}`, { authorization: `Bearer ${seekerToken}` });
    expect(after.body.status).toBe('cancelled');
    await context.close();
    return { id, seekerToken: seekerToken!, otherId: other.id };
  }

  let phone: { id: string; seekerToken: string; otherId: string };

  it('on a 360 px phone in 日本語: from the sign-in e-mail to a confirmed consultation, and a cancellation', async () => {
    phone = await journey('ja', PHONE, {
      jobSeekerNumber: '16070-20000001',
      name: '滑川 花子',
      email: 'hanako@example.jp',
    });
  }, 240_000);

  it('on a 1280 px desk in English: the same journey', async () => {
    await journey('en', DESK, {
      jobSeekerNumber: '16070-20000002',
      name: 'Taro Namerikawa',
      email: 'taro.n@example.jp',
    });
  }, 240_000);

  it('in やさしい にほんご, every screen reads and passes axe as well', async () => {
    expect(phone).toBeDefined();
    const context = await newContext(PHONE, 'ja-easy');
    await context.addInitScript(
      `localStorage.setItem('soudan.language', 'ja-easy');` +
        `sessionStorage.setItem('soudan.session', ${JSON.stringify(phone.seekerToken)});`,
    );
    const page = await context.newPage();
    const screens: Array<[string, string, string]> = [
      ['start', '/', 'オンラインで しごとの そうだん'],
      ['sign-in', '/sign-in', 'ログイン'],
      ['terms', '/terms', 'きまり（利用規約）'],
      ['device-check', '/device-check', 'カメラと マイクの たしかめ'],
      ['reservations', '/reservations', 'よやくを みる'],
      ['reservation-confirmed', `/reservations/${phone.id}`, 'よやくが きまりました'],
      ['join', `/reservations/${phone.id}/join`, 'そうだんに 入る'],
      ['reservation-cancelled', `/reservations/${phone.otherId}`, 'キャンセル しました'],
      ['request-slots', '/request/slots', 'そうだんしたい 日と じかんを えらんで ください'],
      ['not-found', '/no-such-page', 'ページが ありません'],
    ];
    for (const [name, path, heading] of screens) {
      await page.goto(`${baseUrl}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await look(page, name, 'ja-easy');
    }
    await context.close();
  }, 120_000);

  it('no screen in any language has a serious or critical accessibility violation (axe, WCAG 2.1 AA)', () => {
    expect(shots.length).toBeGreaterThan(40);
    expect(violations).toEqual([]);
  });
});

const TEXT = {
  ja: {
    languageNav: '表示する言語',
    start: 'オンライン職業相談の予約',
    requestButton: '予約を申し込む',
    signIn: 'ログイン',
    sendLink: 'ログイン用のリンクを送る',
    number: '求職番号',
    email: 'メールアドレス',
    checkMail: 'メールを確認してください',
    slotsTitle: '相談したい日時を選んでください',
    continue: '次へ',
    name: 'お名前',
    topic: '相談したいこと',
    topicAnswer: '事務の仕事を探しています。応募書類の書き方を知りたいです。',
    childcare: '子育て中',
    devices: ['カメラ', 'マイク', 'スピーカー（イヤホンでもかまいません）'],
    noAttendee: '同席しない',
    termsRead: '利用規約を読みました',
    checkTitle: '申込み内容の確認',
    submit: 'この内容で申し込む',
    doneTitle: '申込みを受け付けました',
    toReservations: '予約の確認へ',
    reservations: '予約の確認',
    offeredStatus: '日時を選んでください',
    choose: '日時を選んで予約を確定する',
    chooseTitle: '日時を選んで予約を確定する',
    consent: '利用規約に同意して、この日時で予約を確定する',
    confirmed: '予約が確定しました',
    viewReservation: '予約の詳細へ',
    confirmedStatus: /予約が確定しました/,
    joinPage: '参加のページへ',
    joinTitle: '相談に参加する',
    deviceCheck: 'カメラとマイクを確かめる',
    cameraOk: 'カメラは使えます。',
    ics: 'カレンダーに追加（.ics ファイル）',
    requestedStatus: '日時の連絡を待っています',
    cancel: '予約をキャンセルする',
    cancelTitle: '予約をキャンセルする',
    cancelButton: '予約をキャンセルする',
    cancelYes: 'キャンセルする',
    cancelled: '予約をキャンセルしました',
  },
  en: {
    languageNav: 'Language',
    start: 'Book an online job consultation',
    requestButton: 'Request a consultation',
    signIn: 'Sign in',
    sendLink: 'Send me a sign-in link',
    number: 'Job seeker number',
    email: 'E-mail address',
    checkMail: 'Check your e-mail',
    slotsTitle: 'When would you like your consultation?',
    continue: 'Continue',
    name: 'Full name',
    topic: 'What you would like to talk about',
    topicAnswer: 'I am looking for office work and want help with my CV.',
    childcare: 'I look after children',
    devices: ['Camera', 'Microphone', 'Speaker (earphones are fine)'],
    noAttendee: 'No',
    termsRead: 'I have read the terms of use',
    checkTitle: 'Check your answers before sending your request',
    submit: 'Send request',
    doneTitle: 'Request received',
    toReservations: 'Go to your bookings',
    reservations: 'Your bookings',
    offeredStatus: 'Choose a time',
    choose: 'Choose a time and confirm',
    chooseTitle: 'Choose a time and confirm your booking',
    consent: 'Agree to the terms and confirm this time',
    confirmed: 'Booking confirmed',
    viewReservation: 'See the booking',
    confirmedStatus: /^Booked/,
    joinPage: 'Go to the joining page',
    joinTitle: 'Join your consultation',
    deviceCheck: 'Check camera and microphone',
    cameraOk: 'Your camera works.',
    ics: 'Add to calendar (.ics file)',
    requestedStatus: 'Waiting for Hello Work to offer times',
    cancel: 'Cancel this booking',
    cancelTitle: 'Cancel your booking',
    cancelButton: 'Cancel booking',
    cancelYes: 'Yes, cancel',
    cancelled: 'Booking cancelled',
  },
};
