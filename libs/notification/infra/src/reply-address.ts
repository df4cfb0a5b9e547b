// R61: the keyed tag of the per-offer reply address. Its key is derived from
// PSEUDONYM_KEY for this purpose alone (HKDF, as the gateway derives its keys), so
// every notification replica computes the same addresses and nothing else has to be
// configured, and the tag says nothing about the key it came from.
import { createHmac, hkdfSync } from 'node:crypto';
import { REPLY_TAG_LENGTH, type ReplyTagger } from '@soudan/notification-domain';

const PURPOSE = 'offer reply address v1';

export function replyAddressKey(pseudonymKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', pseudonymKey, 'soudan', PURPOSE, 32));
}

export function replyTagger(pseudonymKey: Buffer): ReplyTagger {
  const key = replyAddressKey(pseudonymKey);
  return (reservationId) =>
    createHmac('sha256', key).update(`offer-reply\u0000${reservationId}`).digest('hex').slice(0, REPLY_TAG_LENGTH);
}
