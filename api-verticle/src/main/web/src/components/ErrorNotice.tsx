import type { ApiError } from '../api/errors';

/** An error as the API reported it: its code first (what to act on), then the message. */
export function ErrorNotice({ error, onDismiss }: { error: ApiError | null; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div class="error" role="alert" data-code={error.code}>
      <span class="error-code">{error.code}</span>
      <span class="error-message">{error.message}</span>
      {error.errors.length > 1 && (
        <ul class="error-list">
          {error.errors.map((e, i) => (
            <li key={i}>
              {e.extensions?.code && <code>{e.extensions.code}</code>} {e.message}
              {e.path && <span class="muted"> at {e.path.join('.')}</span>}
            </li>
          ))}
        </ul>
      )}
      {onDismiss && (
        <button type="button" class="link error-dismiss" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  );
}
