// Staff passwords: argon2id hashes only, a policy that refuses guessable ones, and a cap
// on how many hashes run at once. Each hash takes ~19 MiB and tens of milliseconds on
// libuv's small thread pool; without the cap a burst of sign-ins would starve the
// process (and the event store's I/O on the same pool) or exhaust memory.
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { MAX_PASSWORD_LENGTH } from '@soudan/identity-domain';
import { AppError } from '@soudan/platform';

// The policy itself is identity's (password-policy.ts); refused before hashing.
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordWeakness } from '@soudan/identity-domain';

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1). `Algorithm` is a const enum that
// isolated modules cannot read, so its value is spelled out.
const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Waiters beyond this are told to come back later rather than queue without bound. */
const MAX_WAITING = 64;

export class PasswordHasher {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly concurrency = 2) {}

  async hash(password: string): Promise<string> {
    this.check(password);
    return this.limited(() => hash(password, OPTIONS));
  }

  /** False for a wrong password or an unreadable hash; never throws on bad input. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    this.check(password);
    return this.limited(() => verify(passwordHash, password).catch(() => false));
  }

  private check(password: string): void {
    // Callers validate first; this is the last line against hashing megabytes.
    if (password.length > MAX_PASSWORD_LENGTH)
      throw new AppError('VALIDATION_FAILED', 400, 'password is too long', {
        fields: { password: ['password is too long'] },
      });
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= MAX_WAITING) throw new AppError('SERVICE_BUSY', 503, 'too many sign-ins at once');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` stays as it is.
      if (next) next();
      else this.running--;
    }
  }
}
