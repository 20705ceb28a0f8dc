import { runCli } from './cli';

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
