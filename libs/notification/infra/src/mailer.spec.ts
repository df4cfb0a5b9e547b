import {
  classifySmtpError,
  mailDomainOf,
  MailDeferredError,
  MailRejectedError,
  MailServerUnavailableError,
  withoutAddresses,
} from './mailer';

/** Shaped like the errors nodemailer's SMTP connection hands back. */
const smtpError = (fields: {
  code?: string;
  response?: string;
  responseCode?: number;
  permanent?: boolean;
  command?: string;
}) => Object.assign(new Error('smtp said no'), fields);

describe('what a failure to send means for the retry (R62)', () => {
  it('R62: a server that cannot be reached is an outage the bus waits out, not a bad message', () => {
    for (const code of ['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'ECONNREFUSED', 'EAUTH']) {
      const classified = classifySmtpError(smtpError({ code }));
      expect(classified).toBeInstanceOf(MailServerUnavailableError);
      expect((classified as { code: string }).code).toBe('UPSTREAM_UNAVAILABLE');
    }
  });

  it("R62: a 503, a 421 or a 4xx to the sender is the server's trouble, waited out", () => {
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 503, command: 'RCPT TO' }))).toBeInstanceOf(
      MailServerUnavailableError,
    );
    expect(classifySmtpError(smtpError({ code: 'ECONNECTION', responseCode: 421 }))).toBeInstanceOf(
      MailServerUnavailableError,
    );
    expect(
      classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 421, permanent: false, command: 'RCPT TO' })),
    ).toBeInstanceOf(MailServerUnavailableError);
    expect(
      classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 451, permanent: false, command: 'MAIL FROM' })),
    ).toBeInstanceOf(MailServerUnavailableError);
  });

  it('R62: a 4xx to the recipient or the content defers this message: retried with backoff, counted, then raised', () => {
    const deferred = classifySmtpError(
      smtpError({
        code: 'EENVELOPE',
        response: '450 4.2.1 <taro@example.jp>: Mailbox busy',
        responseCode: 450,
        permanent: false,
        command: 'RCPT TO',
      }),
    );
    expect(deferred).toBeInstanceOf(MailDeferredError);
    expect(deferred).toMatchObject({ code: 'MAIL_DEFERRED', responseCode: 450, reason: '450 4.2.1 <…>: Mailbox busy' });
    expect(
      classifySmtpError(smtpError({ code: 'EMESSAGE', responseCode: 452, permanent: false, command: 'DATA' })),
    ).toBeInstanceOf(MailDeferredError);
  });

  it("R62: a recipient or message refused for good is the message's fault, so it ends with staff as undeliverable", () => {
    const rejected = classifySmtpError(
      smtpError({ code: 'EENVELOPE', responseCode: 550, permanent: true, command: 'RCPT TO' }),
    );
    expect(rejected).toBeInstanceOf(MailRejectedError);
    expect((rejected as { code: string }).code).toBe('MAIL_REJECTED');
    const withAnswer = classifySmtpError(
      smtpError({
        code: 'EENVELOPE',
        response: '550 5.1.1 <taro@example.jp>: Recipient address rejected: User unknown',
        responseCode: 550,
        permanent: true,
        command: 'RCPT TO',
      }),
    );
    expect(withAnswer).toMatchObject({
      responseCode: 550,
      reason: '550 5.1.1 <…>: Recipient address rejected: User unknown',
    });
    expect((withAnswer as Error).message).not.toContain('taro@example.jp');
    expect(classifySmtpError(smtpError({ code: 'EMESSAGE', responseCode: 552, command: 'DATA' }))).toBeInstanceOf(
      MailRejectedError,
    );
    // nodemailer's own check of an address it cannot use: no server answer at all.
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', command: 'API' }))).toBeInstanceOf(MailRejectedError);
  });

  it("R62: a refused sender is the configuration's fault, not the message's", () => {
    expect(
      classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 550, permanent: true, command: 'MAIL FROM' })),
    ).toBeInstanceOf(MailServerUnavailableError);
  });

  it('leaves any other error as it is, so a bug is not retried for ever', () => {
    const bug = new TypeError('cannot read properties of undefined');
    expect(classifySmtpError(bug)).toBe(bug);
    const nodeError = Object.assign(new Error('bad argument'), { code: 'ERR_INVALID_ARG_TYPE' });
    expect(classifySmtpError(nodeError)).toBe(nodeError);
  });
});

describe('the sender domain', () => {
  it('R13: is taken from MAIL_FROM with or without a display name', () => {
    expect(mailDomainOf('ハローワーク滑川 オンライン職業相談 <online-soudan@namerikawa.hellowork.example>')).toBe(
      'namerikawa.hellowork.example',
    );
    expect(mailDomainOf('soudan@example.jp')).toBe('example.jp');
  });
});

describe('what staff see of a server answer', () => {
  it('R62: keeps the code and the words, never an address', () => {
    expect(withoutAddresses('550 5.1.1 <taro@example.jp>: Recipient address rejected')).toBe(
      '550 5.1.1 <…>: Recipient address rejected',
    );
    expect(withoutAddresses('Invalid recipient "hanako@example.jp"')).toBe('Invalid recipient "<…>"');
    expect(withoutAddresses('552 message\r\n too big')).toBe('552 message too big');
    expect(withoutAddresses('x'.repeat(400))).toHaveLength(300);
  });
});
