// The API key of this browser tab. sessionStorage: it is gone when the tab closes and never
// shared with other tabs or sent anywhere but this origin's /graphql.
import { signal } from '@preact/signals';

const STORAGE_KEY = 'agentry.apiKey';

export interface Viewer {
  keyId: string;
  role: 'VIEWER' | 'USER' | 'AGENT' | 'ADMIN';
  tenant: { id: string; name: string };
}

export const apiKey = signal<string | null>(sessionStorage.getItem(STORAGE_KEY));
export const viewer = signal<Viewer | null>(null);
/** Set when the server stops accepting the key (revoked while the page was open). */
export const keyRejected = signal<string | null>(null);

export function signIn(token: string, who: Viewer): void {
  sessionStorage.setItem(STORAGE_KEY, token);
  apiKey.value = token;
  viewer.value = who;
  keyRejected.value = null;
}

export function signOut(reason: string | null = null): void {
  sessionStorage.removeItem(STORAGE_KEY);
  apiKey.value = null;
  viewer.value = null;
  keyRejected.value = reason;
}
