import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { isWebAppBuilt, webApp } from './web-app';

describe('the web app at / (history fallback beside the API)', () => {
  let dir: string;
  let base: string;
  let close: () => void;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-app-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    const app = express();
    app.use(webApp(dir));
    app.use((request, response) => response.status(404).json({ code: 'NOT_FOUND', path: request.path }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });

  afterAll(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html for the pages of the app, e-mail links included, never cached', async () => {
    expect(isWebAppBuilt(dir)).toBe(true);
    for (const path of ['/', '/auth/seeker', '/reservations/1234/choose', '/request/check']) {
      const response = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
      expect({ path, status: response.status, type: response.headers.get('content-type') }).toEqual({
        path,
        status: 200,
        type: expect.stringContaining('text/html'),
      });
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('permissions-policy')).toContain('camera=(self)');
    }
  });

  it('serves assets by their content-hashed names for a year', async () => {
    const response = await fetch(`${base}/assets/index-abc.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('leaves /api, /join, missing files and other methods to the gateway', async () => {
    for (const path of ['/api/v1/health', '/api', '/join/abc', '/assets/missing.js', '/favicon.ico']) {
      const response = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    expect((await fetch(`${base}/reservations`, { method: 'POST' })).status).toBe(404);
    expect(isWebAppBuilt(join(dir, 'nothing'))).toBe(false);
  });
});
