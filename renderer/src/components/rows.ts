import { useEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/** One row of a list drawn in a window: its index in the whole list and its top edge in pixels. */
export interface RowInView {
  index: number;
  start: number;
}

/**
 * The rows of a list of equal-height rows that a scrolling box shows, plus `overscan` rows either
 * side, for drawing only those (the Accounts screen holds up to 100,000).
 *
 * Nothing is measured before the first paint: until the box's own height arrives (from a
 * ResizeObserver, once the browser has laid the page out anyway), it is taken as `estimate` (a
 * guess from the window's height), so the first rows are drawn in the first render. Should the box
 * turn out taller, the missing rows are drawn before that frame is painted. A library measuring the
 * box in a layout effect forced a layout of the whole page there, and kept a record of every row
 * (issue #16, B5: about 30 and 13 ms of a first window's render at 10,000 rows).
 */
export function useRowsInView(
  box: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
  estimate: () => number,
): { rows: RowInView[]; height: number } {
  // The rows in view, [from, to), before overscan and before the list's end is known.
  const [span, setSpan] = useState(() => ({ from: 0, to: Math.ceil(estimate() / rowHeight) }));
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let height = estimate();
    // The end of the rows drawn so far (before overscan).
    let drawnTo = Math.ceil(height / rowHeight);
    const read = (now: boolean) => {
      const top = Math.max(0, element.scrollTop);
      const from = Math.floor(top / rowHeight);
      const to = Math.ceil((top + height) / rowHeight);
      // A scroll, or a box taller than the rows drawn, is drawn in the frame it happened in, not one
      // later with an empty band.
      const update = () => setSpan((s) => (s.from === from && s.to === to ? s : { from, to }));
      if (now || to > drawnTo) flushSync(update);
      else update();
      drawnTo = to;
    };
    const observer = new ResizeObserver(() => {
      height = element.clientHeight;
      read(false);
    });
    observer.observe(element);
    const onScroll = () => read(true);
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', onScroll);
    };
    // The estimate is for the first render only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [box, rowHeight]);
  const first = Math.max(0, span.from - overscan);
  const end = Math.min(count, span.to + overscan);
  const rows: RowInView[] = [];
  for (let index = first; index < end; index++) rows.push({ index, start: index * rowHeight });
  return { rows, height: count * rowHeight };
}
