/** Counts the AWS calls a task makes, by service, for its logs, metrics and result. */
export class ApiCallCounter {
  private readonly counts: Record<string, number> = {};

  count(service: string, calls = 1): void {
    this.counts[service] = (this.counts[service] ?? 0) + calls;
  }

  get(service: string): number {
    return this.counts[service] ?? 0;
  }

  toJSON(): Record<string, number> {
    return { ...this.counts };
  }
}
