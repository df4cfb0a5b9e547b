import { redact } from './audit-record';

describe('audit view of event data', () => {
  it('R52: leaves sealed device data out and keeps the pseudonyms', () => {
    expect(redact({ device: { ip: 'p-ip', userAgent: 'p-ua', sealed: { iv: 'x', ct: 'y', tag: 'z' } } })).toEqual({
      device: { ip: 'p-ip', userAgent: 'p-ua' },
    });
  });

  it('R15: does not hand out working join links with the history', () => {
    expect(
      redact({ meetingUrl: 'http://localhost:3000/join/abcDEF123_-xyz', joinToken: 'abcDEF123_-xyz', slot: 's' }),
    ).toEqual({ meetingUrl: 'http://localhost:3000/join/[redacted]', slot: 's' });
  });
});
