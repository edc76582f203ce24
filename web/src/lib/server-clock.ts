/**
 * The server's clock, as the console should read "x minutes ago". In AWS it
 * is the real clock; on the local platform it is the virtual clock, which
 * runs faster. The API stamps each answer's `Date` header with its own clock
 * (the local server passes it through; API Gateway, cross-origin, does not
 * expose it, and there the offset stays 0).
 */
let offsetMs = 0;

/** Server time now, epoch ms. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** Learns the offset from a response's `Date` header, halfway through the request. */
export function learnServerTime(dateHeader: string | null, sentAt: number, receivedAt: number): void {
  const server = dateHeader ? Date.parse(dateHeader) : NaN;
  if (Number.isNaN(server)) return;
  // The header has whole seconds; smaller offsets are noise.
  const offset = server - (sentAt + receivedAt) / 2;
  offsetMs = Math.abs(offset) < 2000 ? 0 : offset;
}

/** Asks the API's health check once for its time; a failure keeps the local clock. */
export async function syncServerClock(apiBase: string, fetchFn: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<void> {
  try {
    const sentAt = Date.now();
    const response = await fetchFn(`${apiBase}/health`);
    learnServerTime(response.headers.get('date'), sentAt, Date.now());
  } catch {
    // The console works on the local clock; pages report the API being down themselves.
  }
}
