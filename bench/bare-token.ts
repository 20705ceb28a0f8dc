// B10's baseline (`npm run bench`): a fresh process that hands over one sealed token, and nothing else.
// Bundled on its own (scripts/bench.sh), so it parses only what it uses.
import Database from 'better-sqlite3';
import { AsyncEntry } from '@napi-rs/keyring';
import { associatedData, open, seal, newDataKey } from '../electron/main/core/vault/seal';

const [mode, file, service] = process.argv.slice(2) as ['prepare' | 'read', string, string];
const entry = new AsyncEntry(service, 'data-key', { linux: { store: 'secret-service' } });

if (mode === 'prepare') {
  // The key in the keychain, the token sealed under it in a SQLite file.
  const key = newDataKey();
  await entry.setPassword(key.toString('base64'));
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE sealed (owner TEXT, kind TEXT, nonce BLOB, ciphertext BLOB, PRIMARY KEY (owner, kind))');
  const sealed = seal(key, 'bare-access-token', associatedData('account', 'access_token', 1));
  db.prepare('INSERT INTO sealed VALUES (?, ?, ?, ?)').run('account', 'access_token', sealed.nonce, sealed.ciphertext);
  db.close();
} else {
  // What any tool that keeps tokens sealed must do to hand one over: open the file, read the row,
  // take the key from the keychain, open the seal, print it.
  const db = new Database(file, { readonly: true });
  const row = db
    .prepare('SELECT nonce, ciphertext FROM sealed WHERE owner = ? AND kind = ?')
    .get('account', 'access_token') as {
    nonce: Buffer;
    ciphertext: Buffer;
  };
  const key = Buffer.from((await entry.getPassword()) ?? '', 'base64');
  process.stdout.write(`${open(key, row, associatedData('account', 'access_token', 1))}\n`);
  db.close();
}
