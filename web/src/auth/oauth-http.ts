/** Form posts to the Cognito hosted UI's OAuth 2.0 endpoints, never waiting forever. */

/** A request that hangs must not hold the boot or the retries forever. */
export const COGNITO_TIMEOUT_MS = 10_000;
/** Sign-out waits this long at most for the revocation before leaving. */
export const REVOKE_TIMEOUT_MS = 3_000;

export async function postForm(url: string, form: Record<string, string>, fetchImpl: typeof fetch, timeoutMs: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetchImpl(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }
}

