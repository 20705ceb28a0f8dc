/**
 * Fault injection for the crash tests: a test run sets GATEHOUSE_TEST_CRASH_AT to a point's name and
 * the process is killed there (SIGKILL, as a power cut or `kill -9` would). Nothing else sets it.
 */
export function crashPoint(name: string): void {
  if (process.env.GATEHOUSE_TEST_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}
