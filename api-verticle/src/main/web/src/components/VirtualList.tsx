// A list that renders only the rows in view (plus a margin), so that a ledger of thousands of
// events scrolls as lightly as one of ten. Rows have one fixed height.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

interface Props<T> {
  items: readonly T[];
  /** Changes whenever `items` changed in place. */
  version: number;
  rowHeight: number;
  /** Keep the newest row in view while the user has not scrolled away from it. */
  follow: boolean;
  renderRow: (item: T, index: number) => ComponentChildren;
  label: string;
}

const OVERSCAN = 10;

export function VirtualList<T>({ items, version, rowHeight, follow, renderRow, label }: Props<T>) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const atBottom = useRef(true);

  useEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (element && follow && atBottom.current) {
      element.scrollTop = element.scrollHeight;
      setScrollTop(element.scrollTop);
    }
  }, [version, follow, items.length]);

  const onScroll = () => {
    const element = viewport.current!;
    atBottom.current = element.scrollTop + element.clientHeight >= element.scrollHeight - rowHeight;
    setScrollTop(element.scrollTop);
  };

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const rows: ComponentChildren[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div class="vrow" role="listitem" key={i} style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}>
        {renderRow(items[i], i)}
      </div>,
    );
  }
  return (
    <div class="vlist" ref={viewport} onScroll={onScroll} role="list" aria-label={label} data-count={items.length}>
      <div class="vlist-space" style={{ height: `${items.length * rowHeight}px` }}>
        {rows}
      </div>
    </div>
  );
}
