import { afterEach, expect, test } from 'vitest';
import { formatAge } from '../src/lib/format';
import { learnServerTime, serverNow, syncServerClock } from '../src/lib/server-clock';

afterEach(() => learnServerTime(new Date().toUTCString(), Date.now(), Date.now()));

test('times read against the server clock: a virtual clock 3 hours ahead makes a record stamped "now" on it read "just now"', async () => {
  const ahead = Date.now() + 3 * 3_600_000;
  const fetchFn = (async () => new Response('{}', { headers: { Date: new Date(ahead).toUTCString() } })) as typeof fetch;
  await syncServerClock('/api', fetchFn);
  expect(Math.abs(serverNow() - ahead)).toBeLessThan(5_000);
  expect(formatAge(new Date(ahead).toISOString())).toBe('just now');
});

test('without a readable Date header (cross-origin API Gateway) the local clock is used', async () => {
  await syncServerClock('/api', (async () => new Response('{}')) as typeof fetch);
  expect(Math.abs(serverNow() - Date.now())).toBeLessThan(1_000);
  await syncServerClock('/api', (async () => Promise.reject(new Error('down'))) as typeof fetch);
  expect(Math.abs(serverNow() - Date.now())).toBeLessThan(1_000);
});
