/** Counts every request by service, operation, account and region. */
import type { CallCount, ServiceName } from './types';

export class CallCounter {
  private readonly counts = new Map<string, CallCount>();

  record(service: ServiceName, operation: string, accountId: string, region: string): void {
    const key = `${service}\u0000${operation}\u0000${accountId}\u0000${region}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { service, operation, accountId, region, count: 1 });
  }

  list(): CallCount[] {
    return [...this.counts.values()]
      .map((c) => ({ ...c }))
      .sort((a, b) => a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation) || a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region));
  }

  total(): number {
    let total = 0;
    for (const c of this.counts.values()) total += c.count;
    return total;
  }

  reset(): void {
    this.counts.clear();
  }
}
