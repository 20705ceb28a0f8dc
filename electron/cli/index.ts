import { disableCoreDumps } from '../main/core/process';
import { runCli } from './cli';

// Client secrets and tokens pass through this process: a core dump of it must not hold them.
disableCoreDumps();

// `gatehouse accounts list | head -1`: a reader that went away ends the output quietly, as in any
// Unix tool, instead of a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

declare const __GATEHOUSE_VERSION__: string;

/** The `gatehouse` command: the same router as the app, for support staff, scripts and schedulers. */
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  stdin: process.stdin,
  env: process.env,
  version: typeof __GATEHOUSE_VERSION__ === 'string' ? __GATEHOUSE_VERSION__ : '0.0.0',
});
process.exitCode = code;
