// Which repeated mails the fault run accepts. R62 leaves one window, as any mail system
// that writes its own record after the server's answer does: the server answered 250 and
// the sender was killed before its ledger said so; the claim's lease lapses and another
// replica sends the same message again, with the same Message-ID. A copy is explained
// only when the process that handed over the earlier one was killed -9 right after that
// 250; every other copy is a failure.
import type { SmtpDelivery } from '@soudan/testing';

export interface Kill {
  /** The name the killed process gave in EHLO. */
  client: string;
  at: number;
}

export interface MailCopies {
  /** Copies beyond the first, in all. */
  copies: number;
  /** `<mail id> xN` for each mail that arrived more than once. */
  copyIds: string[];
  /** One line for each copy explained by a kill. */
  explained: string[];
  unexplained: number;
}

/** The local part of a Message-ID (`<local@domain>`), which names the mail. */
export const mailIdOf = (messageId: string | undefined) => /^<([^@]+)@/.exec(messageId ?? '')?.[1] ?? messageId ?? '?';

export function classifyCopies(
  deliveries: readonly SmtpDelivery[],
  kills: readonly Kill[],
  withinMs: number,
): MailCopies {
  const byMail = new Map<string, SmtpDelivery[]>();
  for (const d of deliveries) {
    const id = mailIdOf(d.messageId);
    byMail.set(id, [...(byMail.get(id) ?? []), d]);
  }
  const result: MailCopies = { copies: 0, copyIds: [], explained: [], unexplained: 0 };
  for (const [mailId, all] of byMail) {
    if (all.length < 2) continue;
    result.copies += all.length - 1;
    result.copyIds.push(`${mailId} x${all.length}`);
    const inOrder = [...all].sort((a, b) => a.at - b.at);
    // Every copy but the last was followed by another: each needs its own kill.
    for (const earlier of inOrder.slice(0, -1)) {
      const kill = kills.find(
        (k) => k.client === earlier.client && k.at >= earlier.at && k.at - earlier.at <= withinMs,
      );
      if (kill) result.explained.push(`${mailId}: ${kill.client} killed ${kill.at - earlier.at} ms after the 250`);
      else result.unexplained += 1;
    }
  }
  return result;
}
