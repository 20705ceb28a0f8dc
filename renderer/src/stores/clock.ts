import { create } from 'zustand';

/** One shared clock for relative times, ticking every 30 s, so rendering stays pure. */
export const useClock = create<{ now: number; tick: () => void }>((set) => ({
  now: Date.now(),
  tick: () => set({ now: Date.now() }),
}));

/** Starts the tick; returns the function that stops it. */
export function startClock(intervalMs = 30_000): () => void {
  const timer = setInterval(() => useClock.getState().tick(), intervalMs);
  return () => clearInterval(timer);
}
