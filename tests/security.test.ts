import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allowNavigation,
  allowPermission,
  APP_ORIGIN,
  isTrustedSender,
  mainWindowOptions,
  RENDERER_CSP,
  resolveAppAsset,
  safeExternalUrl,
  windowOpenDecision,
} from '../electron/main/security';

describe('window options (E2–E11)', () => {
  it('keeps every hardening flag on', () => {
    const { webPreferences } = mainWindowOptions('/x/preload.cjs', { devTools: false });
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    });
    expect(webPreferences).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('navigation, windows, permissions (E5, E13, E14)', () => {
  it.each([
    [`${APP_ORIGIN}/index.html`, true],
    [`${APP_ORIGIN}/#/audit`, true],
    ['app://gatehouse.evil/index.html', false],
    ['app://evil/index.html', false],
    ['https://example.com.attacker.com/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['data:text/html,<script>1</script>', false],
    ['http://127.0.0.1:5000/callback', false],
    ['https://login.microsoftonline.com/common/oauth2/v2.0/authorize', false],
    ['not a url', false],
  ])('navigation to %s allowed: %s', (url, allowed) => {
    expect(allowNavigation(url)).toBe(allowed);
  });

  it('allows the dev server only when one is configured', () => {
    expect(allowNavigation('http://localhost:5173/')).toBe(false);
    expect(allowNavigation('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
  });

  it('denies every window and every permission but a clipboard write from the app itself', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'unknown']) {
      expect(allowPermission(p)).toBe(false);
      expect(allowPermission(p, `${APP_ORIGIN}/index.html`)).toBe(false);
    }
    expect(allowPermission('clipboard-sanitized-write', `${APP_ORIGIN}/index.html`)).toBe(true);
    expect(allowPermission('clipboard-sanitized-write', APP_ORIGIN)).toBe(true);
    for (const other of ['https://evil.example/', 'app://gatehouse.evil/', 'file:///x', null])
      expect(allowPermission('clipboard-sanitized-write', other)).toBe(false);
  });
});

describe('IPC sender validation (E17)', () => {
  it.each([
    [null, false],
    [{ url: `${APP_ORIGIN}/index.html`, parent: null }, true],
    [{ url: `${APP_ORIGIN}/index.html`, parent: {} }, false],
    [{ url: 'app://gatehouse.evil/', parent: null }, false],
    [{ url: 'file:///x/index.html', parent: null }, false],
    [{ url: 'about:blank', parent: null }, false],
    [{ url: 'devtools://devtools/bundled/inspector.html', parent: null }, false],
    [{ url: 'https://login.microsoftonline.com/', parent: null }, false],
  ])('%j trusted: %s', (frame, trusted) => {
    expect(isTrustedSender(frame)).toBe(trusted);
  });
});

describe('openExternal wrapper (E15)', () => {
  const hosts = new Set(['login.microsoftonline.com']);
  it.each([
    ['https://login.microsoftonline.com/common/oauth2/v2.0/authorize?x=1', true],
    ['https://LOGIN.microsoftonline.com/x', true],
    ['http://127.0.0.1:8080/authorize', true],
    ['http://[::1]:8080/authorize', true],
    ['http://login.microsoftonline.com/x', false],
    ['https://login.microsoftonline.com.evil.com/x', false],
    ['https://user@login.microsoftonline.com/x', false],
    ['https://evil.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://host/share', false],
    ['ms-msdt:/id', false],
    ['https://login.microsoftonline.com/x\n', false],
    ['https://login.microsoftonline.com/\u0000', false],
    ['', false],
  ])('%j allowed: %s', (url, allowed) => {
    expect(safeExternalUrl(url, hosts) !== null).toBe(allowed);
  });
});

describe('app:// asset resolution (E18)', () => {
  // Made once for the block (tempDir() is per test).
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-assets-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<html>');
  writeFileSync(join(root, 'assets', 'a.js'), '1');
  const outside = mkdtempSync(join(tmpdir(), 'gatehouse-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'no');
  symlinkSync(outside, join(root, 'link'));

  it('serves files inside the bundle', () => {
    expect(resolveAppAsset(root, 'app://gatehouse/')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://gatehouse/assets/a.js')).toBe(join(root, 'assets', 'a.js'));
  });

  it.each([
    'app://gatehouse/../etc/passwd',
    'app://gatehouse/%2e%2e/%2e%2e/etc/passwd',
    'app://gatehouse/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://gatehouse/..%5c..%5cwindows',
    'app://gatehouse/a%00.js',
    'app://gatehouse/link/secret.txt',
    'app://gatehouse/missing.js',
    'app://gatehouse/assets/',
    'app://gatehouse/assets',
    'app://gatehouse/%zz',
    'app://other/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(root, url)).toBeNull();
  });

  it('has a CSP without unsafe-inline or unsafe-eval', () => {
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).toContain("object-src 'none'");
    expect(RENDERER_CSP).not.toMatch(/unsafe-(inline|eval)/);
  });
});
