import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_TOKEN_TTL_SECONDS,
  ensureLocalUsers,
  LocalTokenVerifier,
  WeakSigningKeyError,
} from '../../../api/auth/local-tokens';

describe('local tokens', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'drs-orch-tokens-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('expire after 12 hours of the clock they are given, and a later start issues fresh ones', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const options = { now: () => now };
    const { users } = await ensureLocalUsers(dir, options);
    const verifier = await LocalTokenVerifier.open(dir, undefined, options);
    const token = users[0]!.token;

    now += (DEFAULT_TOKEN_TTL_SECONDS - 60) * 1000;
    expect(await verifier.verify(token)).toMatchObject({ 'cognito:username': 'admin' });

    now += 61 * 1000;
    expect(await verifier.verify(token)).toBeNull();

    const reissued = await ensureLocalUsers(dir, options);
    expect(reissued.users[0]!.token).not.toBe(token);
    expect(await verifier.verify(reissued.users[0]!.token)).toMatchObject({ 'cognito:username': 'admin' });
  });

  it('honour a shorter lifetime', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const options = { now: () => now, ttlSeconds: 60 };
    const { users } = await ensureLocalUsers(dir, options);
    const verifier = new LocalTokenVerifier((await import('node:crypto')).randomBytes(32), undefined, options);
    expect(await verifier.verify(users[0]!.token)).toBeNull(); // another key
    const own = await LocalTokenVerifier.open(dir, undefined, options);
    expect(await own.verify(users[0]!.token)).not.toBeNull();
    now += 61 * 1000;
    expect(await own.verify(users[0]!.token)).toBeNull();
  });

  it('refuse a signing key shorter than 32 bytes, on disk or given', async () => {
    await mkdir(path.join(dir, 'auth'), { recursive: true });
    await writeFile(path.join(dir, 'auth', 'signing-key'), Buffer.alloc(31, 7).toString('base64'));
    await expect(ensureLocalUsers(dir)).rejects.toThrow(WeakSigningKeyError);
    await expect(LocalTokenVerifier.open(dir)).rejects.toThrow(/31 bytes; at least 32/);
    expect(() => new LocalTokenVerifier(Buffer.from('short'), undefined)).toThrow(WeakSigningKeyError);
  });
});
