// Sign-in: paste an API key; it is checked with the `viewer` query before it is kept.
import { useState } from 'preact/hooks';
import { toApiError, type ApiError } from './api/errors';
import { gql } from './api/http';
import { keyRejected, signIn, type Viewer } from './api/session';
import { ErrorNotice } from './components/ErrorNotice';

export const VIEWER = `query Viewer { viewer { keyId role tenant { id name } } }`;

export function Login() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const key = token.trim();
      const { viewer } = await gql<{ viewer: Viewer }>(VIEWER, {}, key);
      signIn(key, viewer);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <main class="login">
      <form class="login-card" onSubmit={onSubmit} aria-label="Sign in">
        <h1>Agentry</h1>
        <p class="muted">
          Paste an API key. A new installation writes an admin key to <code>&lt;node.dataDir&gt;/admin.key</code>; more come
          from <code>createApiKey</code>. The key stays in this tab only.
        </p>
        {keyRejected.value && <p class="error-text">Signed out: {keyRejected.value}</p>}
        <label>
          <span>API key</span>
          <input
            name="apiKey"
            type="password"
            autoComplete="off"
            spellcheck={false}
            required
            placeholder="agk_…"
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="primary" disabled={pending || !token.trim()}>
          {pending ? 'Checking…' : 'Sign in'}
        </button>
        <ErrorNotice error={error} />
      </form>
    </main>
  );
}
