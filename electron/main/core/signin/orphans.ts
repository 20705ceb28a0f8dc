import { said } from '../said';
import type { Repos } from '../store/store';

/**
 * Sign-ins in flight whose owning process is gone (a crash, a kill -9) are recorded as interrupted.
 * Only this device's sessions are judged: a PID names a process on the machine that issued it.
 */
export async function markOrphansInterrupted(
  repos: Pick<Repos, 'sessions'>,
  device: string,
  now: number,
  isAlive: (pid: number) => boolean,
): Promise<number> {
  let n = 0;
  for (const row of await repos.sessions.activeOf(device)) {
    if (isAlive(row.owner_pid)) continue;
    const changed = await repos.sessions.update(row.id, {
      state: 'INTERRUPTED',
      step: 'interrupted',
      finishedAt: now,
      errorCode: 'interrupted',
      ...(({ message, say }) => ({ errorMessage: message, errorSay: say }))(said('signin.ended.interrupted')),
    });
    if (changed) n += 1;
  }
  return n;
}
