// A link inside the page: the browser's own link (open in a new tab works), the router on a click.
import type { ComponentChildren } from 'preact';
import { hrefWith, navigate } from '../state/router';

export function Link({ to, query = {}, children, class: extra, title }: {
  to: string;
  query?: Record<string, string | null>;
  children: ComponentChildren;
  class?: string;
  title?: string;
}) {
  return (
    <a
      href={hrefWith(to, query)}
      class={extra}
      title={title}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        navigate(to, query);
      }}
    >
      {children}
    </a>
  );
}

/** A link to a task's detail page. */
export function TaskLink({ id, children, class: extra }: { id: string; children: ComponentChildren; class?: string }) {
  return (
    <Link to="/task" query={{ task: id }} class={extra}>
      {children}
    </Link>
  );
}
