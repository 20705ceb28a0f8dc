import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

const MAX_SECRET_BYTES = 64 * 1024;

/**
 * Reads a secret from standard input, never from argv (argv is visible to every local user). From a
 * terminal it prompts with echo off; from a pipe it reads everything and drops the final newline.
 */
export async function readSecret(
  stdin: NodeJS.ReadableStream & { isTTY?: boolean },
  prompt: (text: string) => void,
  question: string,
): Promise<string> {
  if (stdin.isTTY) {
    prompt(question);
    const muted = new Writable({ write: (_chunk, _enc, done) => done() });
    const rl = createInterface({ input: stdin, output: muted, terminal: true });
    try {
      return await new Promise<string>((resolve) => rl.question('', resolve));
    } finally {
      rl.close();
      prompt('\n');
    }
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > MAX_SECRET_BYTES)
      throw new Error('the value on standard input is larger than 64 KiB; nothing was stored.');
    chunks.push(buf);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
