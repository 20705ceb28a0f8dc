import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isoTime } from './iso';

/** A local, structured log. Every line passes through `redact` first. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEY = /token|secret|password|verifier|authorization|api[-_]?key|^code$|cookie|webhook|credential/i;
const SECRET_TEXT: [RegExp, string][] = [
  [/(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [
    /((?:access_token|refresh_token|id_token|code|code_verifier|client_secret|password|state)=)[^&\s"']+/gi,
    '$1[redacted]',
  ],
  [
    /("(?:access_token|refresh_token|id_token|code|code_verifier|client_secret|password)"\s*:\s*)"[^"]*"/gi,
    '$1"[redacted]"',
  ],
  [/https:\/\/hooks\.slack\.com\/[^\s"']+/gi, '[redacted webhook]'],
];

/** Replaces values under secret-looking keys and secret-looking substrings. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return SECRET_TEXT.reduce((s, [re, sub]) => s.replace(re, sub), value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

/**
 * The file stays open while lines keep coming (a refresh sweep logs one per account; opening and
 * closing the file for each cost more than the rest of the line), and is closed after this long without one.
 */
const IDLE_CLOSE_MS = 1_000;

/** Appends JSON lines to `<dataDir>/logs/gatehouse.log`; never throws (a full disk must not stop the app). */
export function createFileLogger(dataDir: string, now: () => number): Logger {
  const dir = join(dataDir, 'logs');
  const file = join(dir, 'gatehouse.log');
  let fd: number | null = null;
  let idle: NodeJS.Timeout | null = null;
  const close = () => {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // Already gone.
      }
    }
    fd = null;
  };
  const write = (level: string, event: string, fields?: Record<string, unknown>) => {
    try {
      const line = JSON.stringify({
        at: isoTime(now()),
        level,
        event,
        ...(redact(fields ?? {}) as object),
      });
      // A log file deleted meanwhile (the folder cleared by hand) is started again, not written into the void.
      if (fd !== null && fstatSync(fd).nlink === 0) close();
      if (fd === null) {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        // O_APPEND: lines of other processes (the CLI beside the app) land whole, one after another.
        fd = openSync(file, 'a', 0o600);
      }
      writeSync(fd, `${line}\n`);
      if (idle) idle.refresh();
      else {
        idle = setTimeout(() => {
          idle = null;
          close();
        }, IDLE_CLOSE_MS);
        idle.unref();
      }
    } catch {
      // Logging is best effort.
      close();
    }
  };
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  };
}
