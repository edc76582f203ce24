import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalTokenVerifier, ensureLocalUsers, type LocalUsers } from '../../../api/auth/local-tokens';
import type { ApiDeps } from '../../../api/deps';
import { createApiHandler } from '../../../api/handler';
import { startApiServer, type ApiServer } from '../../../local/http/server';
import { startDynamo, type TestDynamo } from './dynamo';
import { STAGING_SYNC_STATE_MACHINE_ARN, SYNC_STATE_MACHINE_ARN, TAG_SYNC_STATE_MACHINE_ARN, INVENTORY_SYNC_STATE_MACHINE_ARN, testDeps } from './fixtures';

export interface LocalApi {
  readonly server: ApiServer;
  readonly users: LocalUsers;
  readonly deps: ApiDeps;
  readonly dataDir: string;
  /** fetch against the server; `token` becomes the bearer token. */
  request(method: string, path: string, options?: { token?: string; body?: string; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

/** The local API as the platform runs it: dynalite, local tokens in a temporary data dir, the real handler and HTTP server. */
export async function startLocalApi(options: { staticDir?: string; adminToken?: string; corsAllowOrigin?: string } = {}): Promise<LocalApi> {
  const dynamo: TestDynamo = await startDynamo();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'drs-orch-api-'));
  // No Step Functions here: a sync start is answered by a stand-in, so requests never leave the machine.
  const deps = await testDeps(dynamo, {
    startRecoveryInstanceSync: async () => ({
      executionArn: `${SYNC_STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:local-api-test`,
      startDate: new Date().toISOString(),
    }),
    startTagSync: async () => ({
      executionArn: `${TAG_SYNC_STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:local-api-test`,
      startDate: new Date().toISOString(),
    }),
    startInventorySync: async () => ({
      executionArn: `${INVENTORY_SYNC_STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:local-api-test`,
      startDate: new Date().toISOString(),
    }),
    startStagingAccountSync: async () => ({
      executionArn: `${STAGING_SYNC_STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:local-api-test`,
      startDate: new Date().toISOString(),
    }),
  });
  const users = await ensureLocalUsers(dataDir);
  const auth = await LocalTokenVerifier.open(dataDir, options.adminToken);
  const server = await startApiServer({
    port: 0,
    handler: createApiHandler(deps, { corsAllowOrigin: options.corsAllowOrigin }),
    auth,
    staticDir: options.staticDir,
    corsAllowOrigin: options.corsAllowOrigin,
  });
  return {
    server,
    users,
    deps,
    dataDir,
    request: (method, p, { token, body, headers = {} } = {}) =>
      fetch(`${server.url}${p}`, {
        method,
        body,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      }),
    async close() {
      await server.close();
      deps.awsClients.destroy();
      await dynamo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function tokenOf(users: LocalUsers, role: string): string {
  return users.users.find((u) => u.role === role)!.token;
}
