import type { Role } from '../../../api/auth/roles';
import type { SelectedRecoveryInstanceTermination } from '../../../contracts/api/recovery-instances';
import type { CurrentAccount, UserPermissions, UserProfile } from '../../../contracts/api/user';
import { ROLE_LABEL } from '../lib/roles';
import type {
  CombinedCapacity,
  StagingAccountSyncStatus,
  DrsRegionList,
  DrsReplication,
  SourceServerInventoryList,
  SourceServerInventoryQuery,
  ExistingRecoveryInstances,
  RecoveryInstanceFacets,
  RecoveryInstanceList,
  RecoveryInstanceListQuery,
  RecoveryPlanList,
  SyncStart,
  SyncStatus,
  TargetAccount,
  TargetAccountInput,
  TargetAccountList,
  TargetAccountValidation,
  TagSyncSettings,
  TagSyncSettingsInput,
  TagSyncStart,
  TagSyncStatus,
  TerminationResult,
  UpdateTargetAccountRequest,
} from './types';

/** A failed API call: an HTTP error answer, or no answer at all (status 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly details: {
      readonly requestId?: string;
      readonly errors?: readonly { path: string; message: string }[];
      readonly retryAfter?: string;
      readonly url?: string;
    } = {},
  ) {
    super(message);
  }
}

export interface RemedyContext {
  /** The signed-in user's role, for "Your role X cannot …". */
  readonly role?: Role | null;
  /** What the user tried, e.g. "terminate recovery instances". */
  readonly action?: string;
  /** Where the API is, for "Cannot reach the API at …". */
  readonly apiBase?: string;
  readonly local?: boolean;
}

export interface Remedy {
  readonly kind: 'session' | 'forbidden' | 'network' | 'server' | 'request' | 'notFound' | 'conflict' | 'throttled';
  readonly title: string;
  readonly message: string;
}

/**
 * Turns any error into words for the operator, with what to do about it.
 * Never a stack trace.
 */
export function remedyFor(error: unknown, context: RemedyContext = {}): Remedy {
  if (!(error instanceof ApiError)) {
    return { kind: 'server', title: 'Something went wrong', message: error instanceof Error && error.message ? error.message : 'An unexpected error occurred.' };
  }
  const requestId = error.details.requestId ? ` (request id ${error.details.requestId})` : '';
  switch (true) {
    case error.status === 0:
      return {
        kind: 'network',
        title: 'Cannot reach the API',
        message: context.local === false
          ? `Cannot reach the API at ${context.apiBase ?? 'its address'}; check your network connection and try again.`
          : `Cannot reach the API at ${context.apiBase ?? '/api'}; is \`npm start\` running?`,
      };
    case error.status === 401:
      return { kind: 'session', title: 'Signed out', message: 'Your session expired — sign in again.' };
    case error.status === 403: {
      const role = context.role ? ROLE_LABEL[context.role] : 'none';
      return {
        kind: 'forbidden',
        title: 'Not allowed',
        message: `Your role ${role} cannot ${context.action ?? 'do this'}; ask an Admin.`,
      };
    }
    case error.status === 400: {
      const fields = (error.details.errors ?? []).map((e) => `${e.path || 'request'}: ${e.message}`);
      return { kind: 'request', title: 'The request was refused', message: [error.message, ...fields].join(' · ') };
    }
    case error.status === 404:
      return { kind: 'notFound', title: 'Not found', message: error.message };
    case error.status === 409:
      return { kind: 'conflict', title: 'Changed elsewhere', message: `${error.message} Reload and try again.` };
    case error.status === 429 || error.status === 503:
      return {
        kind: 'throttled',
        title: 'AWS is busy',
        message: `${error.message}${error.details.retryAfter ? ` Retry in ${error.details.retryAfter} s.` : ' Try again shortly.'}${requestId}`,
      };
    case error.status >= 500:
      return { kind: 'server', title: `The API failed (${error.status})`, message: `${error.message}${requestId}` };
    default:
      return { kind: 'request', title: `The request failed (${error.status})`, message: error.message };
  }
}

export interface ApiClientOptions {
  /** e.g. `/api` or `https://abc.execute-api.eu-west-1.amazonaws.com/api`, no trailing slash. */
  readonly baseUrl: string;
  readonly getToken: () => string | null;
  /** Called on every 401, so the app can send the user to sign in. */
  readonly onUnauthorized?: () => void;
  readonly fetch?: typeof fetch;
}

type Query = Record<string, string | number | undefined | null>;

export class ApiClient {
  readonly baseUrl: string;
  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async request<T>(method: string, path: string, init: { query?: Query; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(init.query ?? {})) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    const url = `${this.baseUrl}${path}${params.size ? `?${params}` : ''}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.options.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    try {
      response = await doFetch(url, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), signal: init.signal });
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw new ApiError(0, `Cannot reach ${url}`, { url });
    }
    const text = await response.text().catch(() => '');
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    if (!response.ok) {
      const payload = (body ?? {}) as { message?: unknown; requestId?: unknown; errors?: unknown };
      if (response.status === 401) this.options.onUnauthorized?.();
      throw new ApiError(response.status, typeof payload.message === 'string' ? payload.message : response.statusText || `HTTP ${response.status}`, {
        requestId: typeof payload.requestId === 'string' ? payload.requestId : (response.headers.get('x-amzn-RequestId') ?? undefined),
        errors: Array.isArray(payload.errors) ? (payload.errors as { path: string; message: string }[]) : undefined,
        retryAfter: response.headers.get('Retry-After') ?? undefined,
        url,
      });
    }
    return body as T;
  }

  listRecoveryPlans(signal?: AbortSignal) {
    return this.request<RecoveryPlanList>('GET', '/recovery-plans', { signal });
  }
  checkExistingInstances(planId: string, signal?: AbortSignal) {
    return this.request<ExistingRecoveryInstances>('GET', `/recovery-plans/${encodeURIComponent(planId)}/check-existing-instances`, { signal });
  }
  listRecoveryInstances(query: Partial<Record<keyof RecoveryInstanceListQuery, string | number | null>>, signal?: AbortSignal) {
    return this.request<RecoveryInstanceList>('GET', '/drs/recovery-instances', { query, signal });
  }
  getRecoveryInstanceFacets(signal?: AbortSignal) {
    return this.request<RecoveryInstanceFacets>('GET', '/drs/recovery-instances/facets', { signal });
  }
  startSync() {
    return this.request<SyncStart>('POST', '/drs/recovery-instance-sync');
  }
  syncStatus(limit = 10, signal?: AbortSignal) {
    return this.request<SyncStatus>('GET', '/drs/recovery-instance-sync/status', { query: { limit }, signal });
  }
  /** Terminates exactly these recovery instances (terminate_selected_recovery_instances). */
  terminateSelectedInstances(recoveryInstanceIds: readonly string[]) {
    return this.request<SelectedRecoveryInstanceTermination>('POST', '/drs/recovery-instances/terminate', { body: { recoveryInstanceIds } });
  }
  getUserProfile(signal?: AbortSignal) {
    return this.request<UserProfile>('GET', '/user/profile', { signal });
  }
  getUserPermissions(signal?: AbortSignal) {
    return this.request<UserPermissions>('GET', '/user/permissions', { signal });
  }
  getCurrentAccount(signal?: AbortSignal) {
    return this.request<CurrentAccount>('GET', '/accounts/current', { signal });
  }
  /** Terminates every cached recovery instance of an execution: the explicit whole-execution action. */
  terminateExecutionInstances(executionId: string) {
    return this.request<TerminationResult>('POST', `/executions/${encodeURIComponent(executionId)}/terminate-instances`);
  }
  listDrsRegions(signal?: AbortSignal) {
    return this.request<DrsRegionList>('GET', '/drs/regions', { signal });
  }
  listTargetAccounts(signal?: AbortSignal) {
    return this.request<TargetAccountList>('GET', '/accounts/targets', { signal });
  }
  createTargetAccount(input: TargetAccountInput) {
    return this.request<TargetAccount>('POST', '/accounts/targets', { body: input });
  }
  updateTargetAccount(accountId: string, input: TargetAccountInput) {
    // The PUT body has no accountId: the path names the account.
    const { accountId: _ignored, ...rest } = input;
    const body: UpdateTargetAccountRequest = rest;
    return this.request<TargetAccount>('PUT', `/accounts/targets/${encodeURIComponent(accountId)}`, { body });
  }
  deleteTargetAccount(accountId: string) {
    return this.request<null>('DELETE', `/accounts/targets/${encodeURIComponent(accountId)}`);
  }
  validateTargetAccount(accountId: string) {
    return this.request<TargetAccountValidation>('POST', `/accounts/targets/${encodeURIComponent(accountId)}/validate`);
  }
  getTagSyncSettings(signal?: AbortSignal) {
    return this.request<TagSyncSettings>('GET', '/config/tag-sync', { signal });
  }
  updateTagSyncSettings(input: TagSyncSettingsInput) {
    return this.request<TagSyncSettings>('PUT', '/config/tag-sync', { body: input });
  }
  startTagSync() {
    return this.request<TagSyncStart>('POST', '/drs/tag-sync');
  }
  tagSyncStatus(signal?: AbortSignal) {
    return this.request<TagSyncStatus>('GET', '/drs/tag-sync', { signal });
  }
  /** One page of the source-server inventory (list_source_server_inventory). */
  listSourceServerInventory(query: SourceServerInventoryQuery, signal?: AbortSignal) {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined) as [string, string][]);
    return this.request<SourceServerInventoryList>('GET', `/drs/source-server-inventory?${params}`, { signal });
  }
  /**
   * Every page of the inventory (1,000 servers a page), up to `maxPages`; the
   * last page's `source`, `staleRegions` and `lastUpdated` describe the whole
   * answer when every page agrees, so they are merged: any DRS page makes it
   * "drs" or "mixed", every stale region is kept, the oldest time wins.
   */
  async listAllSourceServerInventory(query: Omit<SourceServerInventoryQuery, 'limit' | 'nextToken'> = {}, maxPages = 20): Promise<SourceServerInventoryList & { truncated: boolean }> {
    const pages: SourceServerInventoryList[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.listSourceServerInventory({ ...query, limit: '1000', ...(nextToken ? { nextToken } : {}) });
      pages.push(page);
      nextToken = page.nextToken ?? undefined;
    } while (nextToken && pages.length < maxPages);
    const sources = new Set(pages.map((p) => p.source));
    const times = pages.map((p) => p.lastUpdated);
    return {
      servers: pages.flatMap((p) => p.servers),
      count: pages.reduce((n, p) => n + p.count, 0),
      nextToken: nextToken ?? null,
      source: sources.size === 1 ? pages[0]!.source : 'mixed',
      lastUpdated: times.some((t) => t === null) ? null : ((times as string[]).sort()[0] ?? null),
      staleRegions: pages[0]?.staleRegions ?? [],
      truncated: !!nextToken,
    };
  }
  /** Replication of every source server, with the health summary (get_drs_replication). */
  getDrsReplication(signal?: AbortSignal) {
    return this.request<DrsReplication>('GET', '/drs/replication', { signal });
  }
  stagingSyncStatus(signal?: AbortSignal) {
    return this.request<StagingAccountSyncStatus>('GET', '/staging-accounts/sync/status', { signal });
  }
  allAccountsCapacity(signal?: AbortSignal) {
    return this.request<CombinedCapacity>('GET', '/accounts/capacity/all', { signal });
  }
}
