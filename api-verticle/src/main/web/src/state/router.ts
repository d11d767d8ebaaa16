// A small history router: the path picks the view, `?project=` the project, so every view of a
// project has a URL that can be reloaded or shared (the api role answers every page path with
// index.html).
import { signal } from '@preact/signals';

export interface Location {
  path: string;
  query: URLSearchParams;
}

function read(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

export const location = signal<Location>(read());

window.addEventListener('popstate', () => {
  location.value = read();
});

/** Goes to `path`, keeping the selected project unless `query` says otherwise. */
export function navigate(path: string, query: Record<string, string | null> = {}, replace = false): void {
  const next = new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(query)) {
    if (value === null) next.delete(name);
    else next.set(name, value);
  }
  const search = next.toString();
  const url = `${path}${search ? `?${search}` : ''}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  location.value = read();
}

export function href(path: string): string {
  const search = window.location.search;
  return `${path}${search}`;
}
