import { performance } from 'node:perf_hooks';
import { MAX_PASSWORD_LENGTH, PasswordHasher, passwordWeakness } from './passwords';

describe('staff passwords', () => {
  // Every row has three cells: a test function with more parameters than cells gets Jest's `done`.
  it.each([
    ['short', 'Ab1!xyz', ''],
    ['a common word', 'MyPassword2026!', ''],
    ['the username', 'tanaka-Secret-9!', 'tanaka'],
    ['one repeated character', 'aaaaaaaaaaaaaaaaaaaa', ''],
    ['too little variety for its length', 'abcdefghijkl', ''],
    ['the compose default', 'change-me-now-please', ''],
    ['over the maximum', 'Aa1!'.repeat(100), ''],
  ])('refuses %s', (_name, password, username) => {
    expect(passwordWeakness(password, username || undefined)).toEqual(expect.any(String));
  });

  it.each([['Kurobe-Tateyama-7q!x'], ['correct horse battery staple namerikawa'], ['R7#vQ2$zL9@m']])(
    'accepts %s',
    (password) => {
      expect(passwordWeakness(password, 'tanaka')).toBeUndefined();
    },
  );

  it('hashes with argon2id and verifies; a wrong password or a broken hash is just false', async () => {
    const hasher = new PasswordHasher();
    const hash = await hasher.hash('Kurobe-Tateyama-7q!x');
    expect(hash).toMatch(/^\$argon2id\$/);
    await expect(hasher.verify(hash, 'Kurobe-Tateyama-7q!x')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'Kurobe-Tateyama-7q!y')).resolves.toBe(false);
    await expect(hasher.verify('not a hash', 'whatever')).resolves.toBe(false);
  });

  it('refuses to hash more than the maximum length, at once', async () => {
    const hasher = new PasswordHasher();
    const t0 = performance.now();
    await expect(hasher.verify('$argon2id$x', 'x'.repeat(1024 * 1024))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
    });
    await expect(hasher.hash('x'.repeat(MAX_PASSWORD_LENGTH + 1))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('runs at most `concurrency` hashes at once and sheds load beyond its queue with SERVICE_BUSY', async () => {
    const hasher = new PasswordHasher(1);
    const hash = await hasher.hash('Kurobe-Tateyama-7q!x');
    const attempts = Array.from({ length: 80 }, () =>
      hasher.verify(hash, 'wrong-password-here').then(
        () => 'done',
        (e: { code?: string }) => e.code,
      ),
    );
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(65);
    expect(outcomes.filter((o) => o === 'SERVICE_BUSY')).toHaveLength(15);
  });
});
