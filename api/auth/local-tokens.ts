import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import type { AuthorizerClaims } from './principal';
import type { Role } from './roles';

/**
 * Local sign-in without Cognito. The local HTTP server verifies these HS256
 * tokens and hands API Gateway-shaped Cognito claims to the very same Lambda
 * handler, so authorization runs the code path it runs in AWS.
 *
 * Files under `<dataDir>/auth/` (mode 0600): `signing-key` and `users.json`.
 * Deleting the directory revokes every local token. Tokens expire (12 h by
 * default, on the platform's virtual clock) like Cognito's ID tokens, so a
 * token copied out of a terminal does not open the API for ever; a start after
 * expiry issues fresh ones. A signing key shorter than 32 bytes is refused:
 * HS256 with a short key can be brute-forced offline from any token.
 */

/** When set, this value is accepted as the admin's token (for scripts and CI). */
export const ADMIN_TOKEN_ENV = 'DRS_ORCH_ADMIN_TOKEN';

/** Where the local platform keeps its state unless told otherwise; git-ignored. */
export const DEFAULT_LOCAL_DATA_DIR = path.resolve('.local-data');

const ISSUER = 'drs-orchestrator-local';
/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output. */
export const MIN_SIGNING_KEY_BYTES = 32;
/** How long a local token is valid unless told otherwise. */
export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60;

/** The signing key on disk is too short to be safe; delete it (and its tokens) to have a new one made. */
export class WeakSigningKeyError extends Error {
  override readonly name = 'WeakSigningKeyError';
}

export interface LocalTokenOptions {
  /** Epoch milliseconds: the platform's virtual clock locally. @default Date.now */
  readonly now?: () => number;
  /** @default DEFAULT_TOKEN_TTL_SECONDS */
  readonly ttlSeconds?: number;
}

function checkKey(key: Uint8Array): Uint8Array {
  if (key.length < MIN_SIGNING_KEY_BYTES) {
    throw new WeakSigningKeyError(`the local signing key has ${key.length} bytes; at least ${MIN_SIGNING_KEY_BYTES} are required`);
  }
  return key;
}

const epochSeconds = (ms: number) => Math.floor(ms / 1000);
const AUDIENCE = 'drs-orchestrator-local-api';

/** One local user per role, created at first start. */
export const LOCAL_USERS: readonly { readonly username: string; readonly role: Role }[] = [
  { username: 'admin', role: 'Admin' },
  { username: 'recovery-manager', role: 'RecoveryManager' },
  { username: 'plan-manager', role: 'PlanManager' },
  { username: 'operator', role: 'Operator' },
  { username: 'readonly', role: 'ReadOnly' },
];

export interface LocalUser {
  readonly username: string;
  readonly role: Role;
  readonly token: string;
}

export interface LocalUsers {
  readonly users: readonly LocalUser[];
  /** The admin's token: DRS_ORCH_ADMIN_TOKEN when set, else the generated one. */
  readonly adminToken: string;
}

/** What the local server asks of an authenticator: the claims behind a bearer token, or null. */
export interface TokenVerifier {
  verify(token: string): Promise<AuthorizerClaims | null>;
}

const authDir = (dataDir: string) => path.join(dataDir, 'auth');

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes through a temporary file so that a crash never leaves half a key. */
async function writePrivate(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, content, { mode: 0o600 });
  await rename(tmp, file);
}

async function signingKey(dataDir: string): Promise<Uint8Array> {
  await mkdir(authDir(dataDir), { recursive: true, mode: 0o700 });
  const file = path.join(authDir(dataDir), 'signing-key');
  const existing = await readOptional(file);
  if (existing) return checkKey(Buffer.from(existing.trim(), 'base64'));
  const key = randomBytes(MIN_SIGNING_KEY_BYTES);
  await writePrivate(file, `${key.toString('base64')}\n`);
  return key;
}

async function signToken(key: Uint8Array, username: string, role: Role, options: LocalTokenOptions): Promise<string> {
  const issuedAt = epochSeconds((options.now ?? Date.now)());
  return new SignJWT({ 'cognito:username': username, 'cognito:groups': [role], token_use: 'id' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(username)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS))
    .sign(key);
}

/**
 * Creates the signing key and one user per role on first start, and returns
 * every user with its token. Later starts return the same tokens.
 */
export async function ensureLocalUsers(dataDir: string = DEFAULT_LOCAL_DATA_DIR, options: LocalTokenOptions = {}): Promise<LocalUsers> {
  const key = await signingKey(dataDir);
  const file = path.join(authDir(dataDir), 'users.json');
  const stored = JSON.parse((await readOptional(file)) ?? '[]') as LocalUser[];
  const verifier = new LocalTokenVerifier(key, undefined, options);
  const users: LocalUser[] = [];
  let changed = false;
  for (const { username, role } of LOCAL_USERS) {
    const existing = stored.find((u) => u.username === username && u.role === role);
    // A token signed with an older key (the key file was replaced) or expired is re-issued.
    if (existing && (await verifier.verify(existing.token))) {
      users.push(existing);
    } else {
      users.push({ username, role, token: await signToken(key, username, role, options) });
      changed = true;
    }
  }
  if (changed || stored.length !== users.length) await writePrivate(file, `${JSON.stringify(users, null, 2)}\n`);
  const generatedAdmin = users.find((u) => u.role === 'Admin')!.token;
  return { users, adminToken: process.env[ADMIN_TOKEN_ENV] || generatedAdmin };
}

/** Verifies local tokens, and DRS_ORCH_ADMIN_TOKEN when one is configured. */
export class LocalTokenVerifier implements TokenVerifier {
  private readonly key: Uint8Array;

  constructor(
    key: Uint8Array,
    private readonly adminToken: string | undefined,
    private readonly options: LocalTokenOptions = {},
  ) {
    this.key = checkKey(key);
  }

  /** Opens the verifier for `dataDir`, creating the key and users if this is the first start. */
  static async open(
    dataDir: string = DEFAULT_LOCAL_DATA_DIR,
    adminToken = process.env[ADMIN_TOKEN_ENV],
    options: LocalTokenOptions = {},
  ): Promise<LocalTokenVerifier> {
    await ensureLocalUsers(dataDir, options);
    return new LocalTokenVerifier(await signingKey(dataDir), adminToken || undefined, options);
  }

  async verify(token: string): Promise<AuthorizerClaims | null> {
    if (this.adminToken && sameSecret(token, this.adminToken)) {
      return { sub: 'admin', 'cognito:username': 'admin', 'cognito:groups': 'Admin', token_use: 'id', iss: ISSUER };
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        // A token without `exp` (issued before tokens expired) is refused, not valid for ever.
        requiredClaims: ['exp'],
        currentDate: new Date((this.options.now ?? Date.now)()),
      });
      return asAuthorizerClaims(payload);
    } catch {
      return null;
    }
  }
}

/** Constant-time comparison, so response timing does not reveal how much of a guess was right. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** API Gateway's Cognito authorizer passes every claim as a string, lists comma separated; local claims take the same shape. */
function asAuthorizerClaims(payload: Record<string, unknown>): AuthorizerClaims {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : String(value)]),
  );
}
