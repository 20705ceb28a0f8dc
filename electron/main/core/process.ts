import { writeFileSync } from 'node:fs';

/** True while a process with this id runs (EPERM: it runs, as another user). */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Keeps secrets out of core dumps: on Linux the kernel is told to write no memory of this process
 * into a core file (`/proc/self/coredump_filter` = 0; a dump then holds headers only). Elsewhere
 * Node has no handle on it (macOS and Windows write no core files by default).
 */
export function disableCoreDumps(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    writeFileSync('/proc/self/coredump_filter', '0');
    return true;
  } catch {
    return false;
  }
}
