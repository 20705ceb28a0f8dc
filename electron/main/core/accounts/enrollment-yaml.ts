import { isMap, isNode, LineCounter, parseAllDocuments, visit } from 'yaml';
import * as z from 'zod';
import { newAccountSchema, type NewAccount } from '../../../../shared/domain';
import { CoreError } from '../errors';
import { MAX_YAML_BYTES } from '../../../../shared/domain';

export { MAX_YAML_BYTES };

/**
 * One enrollment file as seed 002 writes them (`enrollment/<email>.yaml`), with the provider fields
 * beside the `oauth` block. Unknown keys are refused so a typo never passes silently.
 */
const oauthBlock = z.strictObject({
  redirect_uri: z.string().optional(),
  auth_type: z.literal('Authorization Code Flow', { error: 'only "Authorization Code Flow" is supported' }).optional(),
  delegated_permissions: z.array(z.string()).max(50).optional(),
});

const fileSchema = z.strictObject({
  provider: z.enum(['microsoft', 'google', 'cafe24', 'bigcommerce', 'oidc']).default('microsoft'),
  label: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  tenant: z.string().optional(),
  mall_id: z.string().optional(),
  store_hash: z.string().optional(),
  api_token: z.string().optional(),
  issuer: z.string().optional(),
  oauth: oauthBlock.optional(),
});

export interface ParsedEnrollment {
  file: string;
  account: NewAccount;
  /** True when the file itself holds a secret (it should be deleted once imported). */
  holdsSecret: boolean;
}

/**
 * Parses one enrollment file: size cap before parsing, one document, no aliases, unique keys, the
 * core schema (no custom tags), then the strict account schema. Errors name the file, line and field.
 */
export function parseEnrollmentFile(file: string, text: string): ParsedEnrollment {
  if (Buffer.byteLength(text, 'utf8') > MAX_YAML_BYTES) {
    throw CoreError.say('INVALID_INPUT', 'errors.yaml.tooLarge', { file, kb: MAX_YAML_BYTES / 1024 });
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text.replace(/^\uFEFF/, ''), {
    lineCounter: lines,
    uniqueKeys: true,
    schema: 'core',
    strict: true,
    prettyErrors: true,
  });
  if (!Array.isArray(docs)) throw CoreError.say('INVALID_INPUT', 'errors.yaml.notYaml', { file });
  if (docs.length === 0) throw CoreError.say('INVALID_INPUT', 'errors.yaml.empty', { file });
  if (docs.length !== 1) throw CoreError.say('INVALID_INPUT', 'errors.yaml.documents', { file, count: docs.length });
  const doc = docs[0]!;
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const at = problem.linePos?.[0];
    // The YAML library's own words: said as they come (with where).
    throw CoreError.say('INVALID_INPUT', 'errors.yaml.syntax', {
      where: `${file}${at ? `:${at.line}:${at.col}` : ''}`,
      detail: problem.message.split('\n')[0] ?? '',
    });
  }
  // No anchors or aliases at all: an enrollment file never needs one, and they are how billion-laughs works.
  let hasAlias = false;
  visit(doc, {
    Alias: () => void (hasAlias = true),
    Node: (_k, node) => void (isNode(node) && node.anchor ? (hasAlias = true) : undefined),
  });
  if (hasAlias) throw CoreError.say('INVALID_INPUT', 'errors.yaml.aliases', { file });
  if (!isMap(doc.contents)) throw CoreError.say('INVALID_INPUT', 'errors.yaml.notMapping', { file });
  // Aliases were refused above; toJS on a plain mapping cannot explode.
  const raw: unknown = doc.toJS({ maxAliasCount: 0 });
  const where = (path: (string | number)[]) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const pos = node?.range ? lines.linePos(node.range[0]) : null;
    return pos ? `${file}:${pos.line}:${pos.col}` : file;
  };
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'document';
    const at = where(issue.path as (string | number)[]);
    if (issue.code === 'unrecognized_keys')
      throw CoreError.say('INVALID_INPUT', 'errors.yaml.unknownFields', {
        where: at,
        field,
        fields: issue.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(', '),
      });
    throw fieldError(at, field, issue.message);
  }
  const f = parsed.data;
  const label = f.label ?? file.replace(/^.*[/\\]/, '').replace(/\.ya?ml$/i, '');
  const candidate: Record<string, unknown> = { provider: f.provider, label };
  const put = (key: string, value: unknown) => {
    if (value !== undefined) candidate[key] = value;
  };
  put('clientId', f.client_id);
  put('clientSecret', f.client_secret);
  put('tenant', f.tenant ?? (f.provider === 'microsoft' ? 'organizations' : undefined));
  put('mallId', f.mall_id);
  put('storeHash', f.store_hash);
  put('apiToken', f.api_token);
  put('issuer', f.issuer);
  put('redirectUri', f.oauth?.redirect_uri);
  put('scopes', f.oauth?.delegated_permissions);
  const account = newAccountSchema.safeParse(candidate);
  if (!account.success) {
    const issue = account.error.issues[0]!;
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path[0];
    const yamlField = YAML_FIELD[String(key)] ?? String(key ?? 'document');
    if (issue.code === 'unrecognized_keys')
      throw CoreError.say('INVALID_INPUT', 'errors.yaml.notUsed', {
        where: where(yamlField.split('.')),
        field: yamlField,
        provider: f.provider,
      });
    throw fieldError(where(yamlField.split('.')), yamlField, issue.message);
  }
  return { file, account: account.data, holdsSecret: f.client_secret !== undefined || f.api_token !== undefined };
}

/** A field's problem: "is required" in the catalogue's words; a schema's own words as they are. */
function fieldError(where: string, field: string, message: string): CoreError {
  return /received undefined/.test(message)
    ? CoreError.say('INVALID_INPUT', 'errors.yaml.required', { where, field })
    : CoreError.say('INVALID_INPUT', 'errors.yaml.field', { where, field, problem: message });
}

/** Account fields back to the YAML names, for error messages. */
const YAML_FIELD: Record<string, string> = {
  clientId: 'client_id',
  clientSecret: 'client_secret',
  mallId: 'mall_id',
  storeHash: 'store_hash',
  apiToken: 'api_token',
  redirectUri: 'oauth.redirect_uri',
  scopes: 'oauth.delegated_permissions',
  label: 'label',
  tenant: 'tenant',
  issuer: 'issuer',
};
