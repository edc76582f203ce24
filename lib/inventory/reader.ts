/**
 * Inventory-first reads: what a route or task needs about source servers comes
 * from the inventory when the account-region was inventoried within
 * INVENTORY_FRESH_MS (0 DRS calls), otherwise from DRS (DescribeSourceServers,
 * merged with what the inventory held so the original topology and the last
 * known snapshot are kept), and then written to the inventory when the caller
 * may write (a task). The API's read function holds read-only grants (reads
 * and writes apart), so there what DRS answered is served and the next
 * inventory sync (≤ 15 minutes) writes it. Every answer says, and logs, which
 * path served it.
 */
import type { InventorySyncMarker, SourceServerInventoryRecord } from '../../contracts/records/source-server-inventory';
import { logger } from '../observability';
import { inventoryKey, type SourceServerInventoryRepository } from '../repositories/source-server-inventory';
import { collectAccountRegion, writeAccountRegion, type CollectDependencies } from './refresh-account-region';

/** An account-region inventoried this recently is served from the inventory. */
export const INVENTORY_FRESH_MS = 15 * 60_000;

export type ServedBy = 'inventory' | 'drs';

export interface AccountRegionScope {
  readonly accountId: string;
  readonly region: string;
}

export interface InventoryReaderDependencies extends Omit<CollectDependencies, 'inventory'> {
  readonly inventory: Pick<SourceServerInventoryRepository, 'listMarkers' | 'listAccountRegion' | 'page'>;
  /** Writes what a fallback read from DRS; absent where the caller has read-only grants. */
  readonly writer?: Pick<SourceServerInventoryRepository, 'putMany' | 'deleteMany' | 'putMarker'>;
  /** @default INVENTORY_FRESH_MS */
  readonly freshMs?: number;
}

export interface ScopeAnswer {
  readonly scope: AccountRegionScope;
  readonly servedBy: ServedBy;
  /** When the inventory was last written for the scope (null: never). */
  readonly lastUpdated: string | null;
  /** The records, when read from DRS or when the caller asked for them. */
  readonly records?: SourceServerInventoryRecord[];
  /** Why DRS could not be asked: the (stale or absent) inventory was served instead. */
  readonly error?: { name: string; message: string };
  readonly drsCalls: number;
}

export class InventoryReader {
  private readonly freshMs: number;

  constructor(private readonly deps: InventoryReaderDependencies) {
    this.freshMs = deps.freshMs ?? INVENTORY_FRESH_MS;
  }

  /** When each account-region was last inventoried: one Query of the marker partition. */
  async markers(): Promise<Map<string, InventorySyncMarker>> {
    return new Map((await this.deps.inventory.listMarkers()).map((m) => [inventoryKey(m.accountId, m.region), m]));
  }

  isFresh(marker: InventorySyncMarker | undefined): boolean {
    if (!marker) return false;
    const age = this.deps.now().getTime() - Date.parse(marker.lastUpdated);
    return age >= 0 && age < this.freshMs;
  }

  /**
   * Decides, per account-region, where its servers come from. A fresh one is
   * left to the inventory (its records are read only with `withRecords`); a
   * stale one is read from DRS now (and written when a writer is given). A
   * DRS failure does not fail the answer: the inventory's own records, stale
   * or none, are served for that account-region, with the error.
   */
  async resolve(
    scopes: readonly AccountRegionScope[],
    options: { withRecords?: boolean; operation: string; markers?: ReadonlyMap<string, InventorySyncMarker> },
  ): Promise<ScopeAnswer[]> {
    const markers = options.markers ?? (await this.markers());
    const answers = await Promise.all(
      scopes.map(async (scope): Promise<ScopeAnswer> => {
        const marker = markers.get(inventoryKey(scope.accountId, scope.region));
        if (this.isFresh(marker)) {
          // A marker that counted no server needs no read.
          const records = !options.withRecords ? undefined : marker!.serverCount === 0 ? [] : await this.deps.inventory.listAccountRegion(scope.accountId, scope.region);
          return { scope, servedBy: 'inventory', lastUpdated: marker!.lastUpdated, records, drsCalls: 0 };
        }
        try {
          const collected = await collectAccountRegion(scope, { writer: 'read-fallback', readSnapshots: false }, { ...this.deps, inventory: this.deps.inventory });
          if (this.deps.writer) await writeAccountRegion(collected, 'read-fallback', { inventory: this.deps.writer, now: this.deps.now });
          return { scope, servedBy: 'drs', lastUpdated: this.deps.writer ? this.deps.now().toISOString() : (marker?.lastUpdated ?? null), records: collected.records, drsCalls: collected.apiCalls.drs ?? 0 };
        } catch (error) {
          const e = error as Error;
          logger.warn('Inventory stale and DRS unreachable: serving what the inventory holds', { operation: options.operation, ...scope, lastUpdated: marker?.lastUpdated ?? null, error: e.name, message: e.message });
          const records = await this.deps.inventory.listAccountRegion(scope.accountId, scope.region);
          return { scope, servedBy: 'inventory', lastUpdated: marker?.lastUpdated ?? null, records, error: { name: e.name, message: e.message.slice(0, 512) }, drsCalls: 1 };
        }
      }),
    );
    const fromDrs = answers.filter((a) => a.servedBy === 'drs');
    logger.info(fromDrs.length === 0 ? 'Served from the inventory' : 'Served from DRS where the inventory was stale', {
      operation: options.operation,
      accountRegions: answers.length,
      fromInventory: answers.length - fromDrs.length,
      fromDrs: fromDrs.map((a) => `${a.scope.accountId}/${a.scope.region}`),
      refreshed: fromDrs.length > 0 && !!this.deps.writer,
      drsCalls: answers.reduce((n, a) => n + a.drsCalls, 0),
      errors: answers.filter((a) => a.error).length,
    });
    return answers;
  }
}
