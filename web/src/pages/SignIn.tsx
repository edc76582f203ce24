import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { ApiClient, ApiError, remedyFor } from '../api/client';
import type { RuntimeConfig } from '../auth/config';
import { apiBaseOf } from '../auth/config';
import { beginSignIn } from '../auth/pkce';

/** Checks a token by reading the plans (ReadOnly): 401 means the server does not accept it. */
export async function checkToken(apiBase: string, token: string, fetchImpl?: typeof fetch): Promise<void> {
  await new ApiClient({ baseUrl: apiBase, getToken: () => token, fetch: fetchImpl }).listRecoveryPlans();
}

export function SignInPage({ config, onSignedIn, notice }: { config: RuntimeConfig; onSignedIn: (token: string) => void; notice?: string }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const apiBase = apiBaseOf(config);

  const submitLocal = async () => {
    const value = token.trim();
    if (!value) {
      setError('Paste a token.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await checkToken(apiBase, value);
      onSignedIn(value);
    } catch (caught) {
      // A 403 still proves the token is valid: a user without a role can sign in and see why.
      if (caught instanceof ApiError && caught.status === 403) onSignedIn(value);
      else if (caught instanceof ApiError && caught.status === 401) setError('The API does not accept this token. Copy the admin token `npm start` prints, or a token from .local-data/auth/users.json.');
      else setError(remedyFor(caught, { apiBase, local: true }).message);
      setBusy(false);
    }
  };

  const submitCognito = async () => {
    if (config.mode !== 'cognito') return;
    setBusy(true);
    try {
      sessionStorage.setItem('drs-orch.return-to', `${window.location.pathname}${window.location.search}`);
      window.location.assign(await beginSignIn(config));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not start the sign-in.');
      setBusy(false);
    }
  };

  return (
    <Box padding={{ vertical: 'xxxl', horizontal: 'l' }}>
      <div style={{ maxWidth: 520, margin: '0 auto' }}>
        <Container header={<Header variant="h1" description="DRS Orchestrator operator console">Sign in</Header>}>
          <SpaceBetween size="m">
            {notice && <Alert type="warning">{notice}</Alert>}
            {config.mode === 'cognito' ? (
              <SpaceBetween size="m">
                <Box>Sign in with your organization's account. Your role comes from your Cognito groups.</Box>
                {error && <Alert type="error">{error}</Alert>}
                <Button variant="primary" loading={busy} onClick={() => void submitCognito()}>
                  Sign in with Cognito
                </Button>
              </SpaceBetween>
            ) : (
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  void submitLocal();
                }}
              >
                <Form
                  errorText={error}
                  actions={
                    <Button variant="primary" loading={busy}>
                      Sign in
                    </Button>
                  }
                >
                  <FormField label="Token" description="The admin token `npm start` prints, or another local user's token from .local-data/auth/users.json (one user per role).">
                    <Input type="password" value={token} onChange={({ detail }) => setToken(detail.value)} autoFocus autoComplete={false} />
                  </FormField>
                </Form>
              </form>
            )}
          </SpaceBetween>
        </Container>
      </div>
    </Box>
  );
}
