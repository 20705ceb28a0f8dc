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
  const raw = await readRaw(stdin, prompt, question);
  const { value, warning } = trimSecret(raw, 'the value');
  if (warning) prompt(`${warning}\n`);
  return value;
}

/** Ctrl-C or Ctrl-D at the hidden prompt: nothing is stored, and the CLI says so. */
export class PromptCancelled extends Error {
  constructor(readonly interrupted: boolean) {
    super(
      interrupted
        ? 'cancelled at the prompt (Ctrl-C); nothing was stored.'
        : 'no value was entered (end of input, Ctrl-D); nothing was stored.',
    );
  }
}

async function readRaw(
  stdin: NodeJS.ReadableStream & { isTTY?: boolean },
  prompt: (text: string) => void,
  question: string,
): Promise<string> {
  if (stdin.isTTY) {
    const muted = new Writable({ write: (_chunk, _enc, done) => done() });
    // The interface (raw mode, echo off) is up before the prompt shows, so a key typed at once is caught.
    const rl = createInterface({ input: stdin, output: muted, terminal: true });
    prompt(question);
    try {
      return await new Promise<string>((resolve, reject) => {
        let answered = false;
        rl.question('', (answer) => {
          answered = true;
          resolve(answer);
        });
        rl.once('SIGINT', () => reject(new PromptCancelled(true)));
        rl.once('close', () => {
          if (!answered) reject(new PromptCancelled(false));
        });
      });
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

/**
 * The rule every secret follows (shared/domain `secretText`): surrounding whitespace is removed.
 * Returns the value as it will be stored, and a warning when more than a final newline went.
 */
export function trimSecret(raw: string, what: string): { value: string; warning: string | null } {
  const value = raw.trim();
  return {
    value,
    warning:
      value === raw
        ? null
        : `note: removed surrounding whitespace (spaces, tabs, CR or line breaks) from ${what}; no secret contains any.`,
  };
}
