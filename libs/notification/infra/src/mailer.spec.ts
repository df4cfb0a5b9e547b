import { classifySmtpError, mailDomainOf, MailRejectedError, MailServerUnavailableError } from './mailer';

/** Shaped like the errors nodemailer's SMTP connection hands back. */
const smtpError = (fields: { code?: string; responseCode?: number; permanent?: boolean; command?: string }) => Object.assign(new Error('smtp said no'), fields);

describe('what a failure to send means for the retry (R62)', () => {
  it('R62: a server that cannot be reached is an outage the bus waits out, not a bad message', () => {
    for (const code of ['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'ECONNREFUSED', 'EAUTH']) {
      const classified = classifySmtpError(smtpError({ code }));
      expect(classified).toBeInstanceOf(MailServerUnavailableError);
      expect((classified as { code: string }).code).toBe('UPSTREAM_UNAVAILABLE');
    }
  });

  it('R62: a 4xx or 503 answer is temporary, even for the recipient', () => {
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 450, permanent: false, command: 'RCPT TO' }))).toBeInstanceOf(MailServerUnavailableError);
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 503, command: 'RCPT TO' }))).toBeInstanceOf(MailServerUnavailableError);
    expect(classifySmtpError(smtpError({ code: 'ECONNECTION', responseCode: 421 }))).toBeInstanceOf(MailServerUnavailableError);
  });

  it('R62: a recipient or message refused for good is the message\'s fault, so it ends with staff as undeliverable', () => {
    const rejected = classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 550, permanent: true, command: 'RCPT TO' }));
    expect(rejected).toBeInstanceOf(MailRejectedError);
    expect((rejected as { code: string }).code).toBe('MAIL_REJECTED');
    expect(classifySmtpError(smtpError({ code: 'EMESSAGE', responseCode: 552, command: 'DATA' }))).toBeInstanceOf(MailRejectedError);
    // nodemailer's own check of an address it cannot use: no server answer at all.
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', command: 'API' }))).toBeInstanceOf(MailRejectedError);
  });

  it('R62: a refused sender is the configuration\'s fault, not the message\'s', () => {
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 550, permanent: true, command: 'MAIL FROM' }))).toBeInstanceOf(MailServerUnavailableError);
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
    expect(mailDomainOf('ハローワーク滑川 オンライン職業相談 <online-soudan@namerikawa.hellowork.example>')).toBe('namerikawa.hellowork.example');
    expect(mailDomainOf('soudan@example.jp')).toBe('example.jp');
  });
});
