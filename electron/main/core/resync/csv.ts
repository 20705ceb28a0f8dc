import { MAX_RESYNC_USERS, resyncUserSchema, type ResyncUser } from '../../../../shared/domain';
import type { Say } from '../../../../shared/result';
import { said, type MessageKey } from '../said';

/** A line's problem, in English and in the catalogue's words. */
type LineProblem = { line: number; message: string; say: Say };
const problem = (line: number, key: MessageKey, params: Record<string, string | number> = {}): LineProblem => ({
  line,
  ...said(key, params),
});

export const MAX_CSV_BYTES = 2 * 1024 * 1024;
export const MAX_USERS = MAX_RESYNC_USERS;

const COLUMNS: Record<string, keyof ResyncUser> = {
  email: 'email',
  mail: 'email',
  auth0id: 'auth0Id',
  auth0_id: 'auth0Id',
  firstname: 'firstName',
  first_name: 'firstName',
  lastname: 'lastName',
  last_name: 'lastName',
  companyid: 'companyId',
  company_id: 'companyId',
  usertype: 'userType',
  user_type: 'userType',
};

export interface CsvParse {
  users: ResyncUser[];
  errors: LineProblem[];
  duplicates: number;
}

/**
 * A list of users: a CSV with a header (`email` plus any of auth0Id, firstName, lastName,
 * companyId, userType), or one email per line. Every bad line is reported with its number; the
 * good ones are kept; the same email twice is sent once.
 */
export function parseUsersCsv(content: string): CsvParse {
  if (Buffer.byteLength(content) > MAX_CSV_BYTES)
    return {
      users: [],
      errors: [problem(0, 'csv.tooLarge', { mb: MAX_CSV_BYTES / 1024 / 1024 })],
      duplicates: 0,
    };
  const rows = splitRows(content.replace(/^\uFEFF/, ''));
  const errors: CsvParse['errors'] = [];
  if (rows.errors.length > 0) return { users: [], errors: rows.errors, duplicates: 0 };
  const lines = rows.rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (lines.length === 0) return { users: [], errors: [problem(0, 'csv.empty')], duplicates: 0 };
  const first = lines[0] as { line: number; cells: string[] };
  const hasHeader = !first.cells.some((c) => c.includes('@'));
  let fields: (keyof ResyncUser | null)[] = ['email'];
  if (hasHeader) {
    fields = first.cells.map((c) => COLUMNS[c.trim().toLowerCase().replace(/\s+/g, '')] ?? null);
    const repeated = fields.find((f, i) => f !== null && fields.indexOf(f) !== i);
    if (repeated) {
      const columns = fields.flatMap((f, i) => (f === repeated ? [i + 1] : []));
      return {
        users: [],
        errors: [problem(first.line, 'csv.repeated', { name: repeated, columns: columns.join(', ') })],
        duplicates: 0,
      };
    }
    const unknown = first.cells.filter((_, i) => fields[i] === null);
    if (!fields.includes('email')) return { users: [], errors: [problem(first.line, 'csv.noEmail')], duplicates: 0 };
    if (unknown.length > 0)
      errors.push(
        problem(first.line, 'csv.unknownColumns', {
          columns: unknown.map((u) => JSON.stringify(u.slice(0, 40))).join(', '),
        }),
      );
  }
  const users: ResyncUser[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const row of hasHeader ? lines.slice(1) : lines) {
    if (users.length >= MAX_USERS) {
      errors.push(problem(row.line, 'csv.tooMany', { max: MAX_USERS }));
      break;
    }
    const record: Record<string, string> = {};
    fields.forEach((field, i) => {
      const value = row.cells[i]?.trim();
      if (field && value) record[field] = value;
    });
    const parsed = resyncUserSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'row';
      // A schema's own complaint is a catalogue key: said in the reader's language with the field.
      errors.push(problem(row.line, 'csv.field', { field, problem: issue?.message ?? 'is invalid' }));
      continue;
    }
    const key = parsed.data.email.toLowerCase();
    if (seen.has(key)) {
      duplicates += 1;
      continue;
    }
    seen.add(key);
    users.push(parsed.data);
  }
  return { users, errors, duplicates };
}

/** RFC 4180 rows with their starting line numbers; quotes may span lines. */
function splitRows(text: string): {
  rows: { line: number; cells: string[] }[];
  errors: LineProblem[];
} {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === ',' || ch === ';' || ch === '\t') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (quoted) return { rows: [], errors: [problem(rowLine, 'csv.unclosed')] };
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  return { rows, errors: [] };
}
