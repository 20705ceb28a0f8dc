import {
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
} from 'node:crypto';
import type { KeyStore } from '../vault/key-store';
import { open, seal } from '../vault/seal';

/**
 * A device's key pair (X25519) and the wrapping of the team's data key for a member: the shared-vault
 * model of password managers. The private half lives in the device's OS keychain and nowhere else; the
 * database holds each member's public key and, once an admin approved it, the data key wrapped for it
 * (an ephemeral X25519 agreement, HKDF-SHA256, AES-256-GCM bound to the member and key version).
 */
export interface DeviceKey {
  privateKey: KeyObject;
  /** The raw 32-byte public key, base64url: what the members table holds. */
  publicKey: string;
  fingerprint: string;
}

/** The keychain item that holds this device's private key. */
export function deviceKeyName(device: string): string {
  return `${device}/device-key`;
}

/** This device's key pair from the keychain, or null when it has none yet. */
export async function loadDeviceKey(keyStore: KeyStore, device: string): Promise<DeviceKey | null> {
  const stored = await keyStore.get(deviceKeyName(device));
  if (stored === null) return null;
  try {
    const jwk = JSON.parse(stored) as { kty: string; crv: string; x: string; d: string };
    const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
    return { privateKey, publicKey: jwk.x, fingerprint: fingerprintOf(jwk.x) };
  } catch {
    return null;
  }
}

/** This device's key pair, made (and kept in the keychain) the first time it is asked for. */
export async function deviceKey(keyStore: KeyStore, device: string): Promise<DeviceKey> {
  const existing = await loadDeviceKey(keyStore, device);
  if (existing) return existing;
  const { privateKey } = generateKeyPairSync('x25519');
  const jwk = privateKey.export({ format: 'jwk' }) as { x: string };
  await keyStore.set(deviceKeyName(device), JSON.stringify(jwk));
  const kept = await loadDeviceKey(keyStore, device);
  if (!kept) throw new Error('The keychain did not keep this device key.');
  return kept;
}

/**
 * A short fingerprint of a public key, read aloud or compared on two screens before approving:
 * SHA-256 of the raw key, the first 10 bytes as four groups of four base32 letters.
 */
export function fingerprintOf(publicKey: string): string {
  const digest = createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest();
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest.subarray(0, 10)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

function publicKeyObject(publicKey: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: publicKey }, format: 'jwk' });
}

function kek(shared: Buffer, ephemeral: Buffer, recipient: string, memberId: string, version: number): Buffer {
  return Buffer.from(
    hkdfSync(
      'sha256',
      shared,
      Buffer.concat([ephemeral, Buffer.from(recipient, 'base64url')]),
      `gatehouse team key\u0000${memberId}\u0000${version}`,
      32,
    ),
  );
}

function wrapAad(memberId: string, version: number): Buffer {
  return Buffer.from(`gatehouse-wrap\u0000${memberId}\u0000${version}`, 'utf8');
}

/** The data key of `version`, wrapped for one member's public key. */
export function wrapKey(recipient: string, key: Buffer, memberId: string, version: number): string {
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralRaw = Buffer.from((ephemeral.publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url');
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyObject(recipient) });
  const sealed = seal(
    kek(shared, ephemeralRaw, recipient, memberId, version),
    key.toString('base64'),
    wrapAad(memberId, version),
  );
  return Buffer.concat([ephemeralRaw, sealed.nonce, sealed.ciphertext]).toString('base64');
}

/** Opens a wrapped data key with this device's private key; null when it is not for this key. */
export function unwrapKey(device: DeviceKey, wrapped: string, memberId: string, version: number): Buffer | null {
  const bytes = Buffer.from(wrapped, 'base64');
  if (bytes.length < 32 + 12 + 16) return null;
  const ephemeralRaw = bytes.subarray(0, 32);
  try {
    const ephemeral = createPublicKey({
      key: { kty: 'OKP', crv: 'X25519', x: ephemeralRaw.toString('base64url') },
      format: 'jwk',
    });
    const shared = diffieHellman({ privateKey: device.privateKey, publicKey: ephemeral });
    const text = open(
      kek(shared, ephemeralRaw, device.publicKey, memberId, version),
      { nonce: bytes.subarray(32, 44), ciphertext: bytes.subarray(44) },
      wrapAad(memberId, version),
    );
    return text === null ? null : Buffer.from(text, 'base64');
  } catch {
    return null;
  }
}
