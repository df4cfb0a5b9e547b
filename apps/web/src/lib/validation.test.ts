import { describe, expect, it } from 'vitest';
import { i18next } from '../i18n';
import { emptyDraft, ENVIRONMENT, firstIncompleteStep, requestBody, validateStep, type Draft } from '../request/draft';
import { isEmail, normalizeJobSeekerNumber, validateSignIn } from './validation';

const t = (key: string, options?: Record<string, unknown>) => i18next.t(key, options);

const complete = (): Draft => ({
  ...emptyDraft('taro@example.jp'),
  desiredSlots: ['2026-12-09T10:00:00+09:00'],
  name: '滑川 太郎',
  topic: '応募書類の書き方',
  onlineReason: 'childcare',
  devices: ['camera', 'microphone', 'speaker'],
  attendee: 'none',
  environment: [...ENVIRONMENT],
  termsRead: true,
});

describe('sign-in input', () => {
  it('reads job seeker numbers as people type them', () => {
    expect(normalizeJobSeekerNumber('16070-12345678')).toBe('16070-12345678');
    expect(normalizeJobSeekerNumber('１６０７０－１２３４５６７８')).toBe('16070-12345678');
    expect(normalizeJobSeekerNumber('1607012345678')).toBe('16070-12345678');
    expect(normalizeJobSeekerNumber(' 16070 ー 12345678 ')).toBe('16070-12345678');
  });

  it('says what is wrong with each field', () => {
    expect(validateSignIn({ number: '', email: '' }, t)).toEqual({
      number: '求職番号を入力してください',
      email: 'メールアドレスを入力してください',
    });
    expect(validateSignIn({ number: '123', email: 'taro@' }, t)).toEqual({
      number: expect.stringContaining('16070-12345678'),
      email: expect.stringContaining('taro@example.jp'),
    });
    expect(isEmail('taro@example.jp')).toBe(true);
  });
});

describe('the request form (R10, R41)', () => {
  it('R10: 1-3 desired slots', () => {
    expect(validateStep('slots', { ...complete(), desiredSlots: [] }, t)).toEqual([
      { id: 'slot-calendar', message: '希望する日時を1つ以上選んでください' },
    ]);
    expect(validateStep('slots', { ...complete(), desiredSlots: ['a', 'b', 'c', 'd'] }, t)[0].message).toBe(
      '希望する日時は3つまでです',
    );
  });

  it('R41: all six environment statements must be affirmed', () => {
    const draft = { ...complete(), environment: ENVIRONMENT.slice(0, 5) };
    expect(validateStep('environment', draft, t)).toHaveLength(1);
    expect(firstIncompleteStep(draft, t)).toBe('environment');
    expect(firstIncompleteStep(complete(), t)).toBeUndefined();
  });

  it('R10: an interpreter or caregiver needs a note; "other" reason needs its words', () => {
    expect(validateStep('attendee', { ...complete(), attendee: 'interpreter' }, t)[0].id).toBe('attendee-note');
    expect(validateStep('online', { ...complete(), onlineReason: 'other' }, t)[0].id).toBe('online-detail');
  });

  it('builds the body api.md names, the reason in Japanese for the office', () => {
    const body = requestBody(
      { ...complete(), onlineDetail: '保育園の送迎', attendee: 'caregiver', attendeeNote: '母' },
      (reason) => (reason === 'childcare' ? '子育て中' : reason),
      'en',
    );
    expect(body).toEqual({
      name: '滑川 太郎',
      email: 'taro@example.jp',
      desiredSlots: ['2026-12-09T10:00:00+09:00'],
      topic: '応募書類の書き方',
      onlineReason: '子育て中：保育園の送迎',
      devices: { camera: true, microphone: true, speaker: true },
      environment: Object.fromEntries(ENVIRONMENT.map((e) => [e, true])),
      attendee: { kind: 'caregiver', note: '母' },
      language: 'en',
    });
  });

  it('R63: easy Japanese goes with the request as it is, so the e-mails come in it too', () => {
    expect(requestBody(complete(), (reason) => reason, 'ja-easy').language).toBe('ja-easy');
    expect(requestBody(complete(), (reason) => reason, 'fr').language).toBe('ja');
  });
});
