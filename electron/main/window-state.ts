/** Where the window was: remembered in the preferences file (electron-store), restored at start. */
export interface WindowState {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const WINDOW_STATE_KEY = 'windowState';
const MIN = { width: 960, height: 600 };

/**
 * The saved window state, if it is sane and still on a display (a monitor that was unplugged must
 * not leave the window off-screen); otherwise null and the window opens at its default place.
 */
export function restorableState(
  saved: unknown,
  displays: { workArea: { x: number; y: number; width: number; height: number } }[],
): WindowState | null {
  if (saved === null || typeof saved !== 'object') return null;
  const s = saved as Record<string, unknown>;
  const n = (k: string) => {
    const v = s[k];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const [x, y, width, height] = [n('x'), n('y'), n('width'), n('height')];
  if (x === null || y === null || width === null || height === null) return null;
  const state = {
    x: Math.round(x),
    y: Math.round(y),
    width: Math.max(MIN.width, Math.round(width)),
    height: Math.max(MIN.height, Math.round(height)),
    maximized: s.maximized === true,
  };
  // At least a 100×50 corner of the title bar must be on some display's work area.
  const visible = displays.some(({ workArea: a }) => {
    const w = Math.min(state.x + state.width, a.x + a.width) - Math.max(state.x, a.x);
    const h = Math.min(state.y + 50, a.y + a.height) - Math.max(state.y, a.y);
    return w >= 100 && h >= 40;
  });
  return visible ? state : null;
}
