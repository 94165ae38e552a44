import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appProtocolHandler, resolveAppFile } from './protocol';
import { CONTENT_SECURITY_POLICY } from '../src/server/csp';

let base: string;
let root: string;
beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'vaxdesk-proto-'));
  root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>VaxDesk</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'outside the renderer');
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  fs.mkdirSync(path.join(base, 'renderer-evil'));
  fs.writeFileSync(path.join(base, 'renderer-evil', 'x.js'), 'evil');
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('maps app://vaxdesk/ paths to files inside the renderer folder', () => {
    expect(resolveAppFile(root, 'app://vaxdesk/')).toBe(fs.realpathSync(path.join(root, 'index.html')));
    expect(resolveAppFile(root, 'app://vaxdesk/index.html')).toBe(fs.realpathSync(path.join(root, 'index.html')));
    expect(resolveAppFile(root, 'app://vaxdesk/assets/app.js?v=1#x')).toBe(fs.realpathSync(path.join(root, 'assets', 'app.js')));
  });

  it.each([
    'app://vaxdesk/../secret.txt',
    'app://vaxdesk/%2e%2e/secret.txt',
    'app://vaxdesk/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://vaxdesk/..%5csecret.txt',
    'app://vaxdesk/assets/link.txt',
    'app://vaxdesk/../renderer-evil/x.js',
    'app://vaxdesk/%2e%2e/renderer-evil/x.js',
    'app://vaxdesk/index.html%00.js',
    'app://vaxdesk/%E0%A4%A',
    'app://vaxdesk/assets',
    'app://vaxdesk/missing.js',
    'app://other/index.html',
    'app://user@vaxdesk/index.html',
    'file:///etc/passwd',
    'https://vaxdesk/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });

  it('serves files with their type, the strict CSP and nosniff; 404 and 405 otherwise', async () => {
    const handle = appProtocolHandler(root);
    const html = await handle(new Request('app://vaxdesk/index.html'));
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await html.text()).toContain('<title>VaxDesk</title>');
    const js = await handle(new Request('app://vaxdesk/assets/app.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');

    const escape = await handle(new Request('app://vaxdesk/%2e%2e/secret.txt'));
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain('outside');
    expect((await handle(new Request('app://vaxdesk/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
