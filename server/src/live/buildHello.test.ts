import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BUILD_FILE } from '../../../shared/src/live/buildInfo.js';
import { PROTOCOL_VERSION, type Hello, type SubscribeReply } from '../../../shared/src/live/events.js';
import type { LiveSocket } from '../../../shared/src/live/socketFeed.js';
import { getJson } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { servedBuild } from '../static/buildInfo.js';

/** A real Socket.IO client: the hello it hears first, then the reply to one subscription with `v`. */
async function helloThenSubscribe(url: string, token: string, v: number): Promise<{ hello: Hello; heardBefore: string[]; reply: SubscribeReply }> {
  const socket: LiveSocket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const heard: string[] = [];
  socket.onAny((event: string) => heard.push(event));
  try {
    const hello = await new Promise<Hello>((resolve, reject) => {
      socket.once('live:hello', resolve);
      socket.once('connect_error', reject);
    });
    const heardBefore = heard.slice(0, heard.indexOf('live:hello'));
    const reply = await new Promise<SubscribeReply>((resolve) => socket.emit('area:subscribe', { v: v as typeof PROTOCOL_VERSION, area: '410105' }, resolve));
    return { hello, heardBefore, reply };
  } finally {
    socket.close();
  }
}

describe('the client build a server announces (live:hello on a real socket, GET /api/health)', () => {
  const clientDir = mkdtempSync(join(tmpdir(), 'cityops-client-'));
  let built: TestServer;
  let bare: TestServer;

  beforeAll(async () => {
    writeFileSync(join(clientDir, BUILD_FILE), JSON.stringify({ build: 'test-build-a1', protocol: PROTOCOL_VERSION }));
    // One server serving a built client, one serving none (API only, as in development).
    [built, bare] = await Promise.all([startTestServer({ clientDir }), startTestServer()]);
  });
  afterAll(async () => {
    await Promise.all([built?.close(), bare?.close()]);
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('tells every connection its build and protocol first, before anything else, again on each connection', async () => {
    for (let i = 0; i < 2; i++) {
      const { hello, heardBefore, reply } = await helloThenSubscribe(built.url, built.api.token, PROTOCOL_VERSION);
      expect(hello).toEqual({ build: 'test-build-a1', protocol: PROTOCOL_VERSION });
      expect(heardBefore).toEqual([]);
      expect(reply).toEqual({ ok: true, area: '410105' });
    }
  });

  it('shows the same in GET /api/health, which needs no sign-in', async () => {
    expect(await getJson(`${built.url}/api/health`)).toMatchObject({ status: 200, body: { status: 'ok', build: 'test-build-a1', protocol: PROTOCOL_VERSION } });
    expect(built.build).toEqual({ build: 'test-build-a1', protocol: PROTOCOL_VERSION });
  });

  it('announces no build where it serves no client: no screen reloads for a build then', async () => {
    expect((await helloThenSubscribe(bare.url, bare.api.token, PROTOCOL_VERSION)).hello).toEqual({ build: null, protocol: PROTOCOL_VERSION });
    expect((await getJson(`${bare.url}/api/health`)).body).toEqual({ status: 'ok', build: null, protocol: PROTOCOL_VERSION });
  });

  it('refuses a request of the previous protocol version as `version`, naming the field and both versions', async () => {
    const { hello, reply } = await helloThenSubscribe(built.url, built.api.token, PROTOCOL_VERSION - 1);
    expect(hello.protocol).toBe(PROTOCOL_VERSION);
    expect(reply).toEqual({ ok: false, code: 'version', message: `v: protocol version must be ${PROTOCOL_VERSION}, not ${PROTOCOL_VERSION - 1}: reload the page` });
  });
});

describe('servedBuild: the build file of the client directory', () => {
  const logger = () => ({ warn: vi.fn(), error: vi.fn() });
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dirWith = (text: string | null): string => {
    const dir = mkdtempSync(join(tmpdir(), 'cityops-client-'));
    dirs.push(dir);
    if (text !== null) writeFileSync(join(dir, BUILD_FILE), text);
    return dir;
  };

  it('is no build without a client directory or without the file, quietly', () => {
    const log = logger();
    expect(servedBuild(undefined, log as unknown as Logger)).toEqual({ build: null, protocol: PROTOCOL_VERSION });
    expect(servedBuild(dirWith(null), log as unknown as Logger)).toEqual({ build: null, protocol: PROTOCOL_VERSION });
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('is no build, with a warning, for a file that is not JSON or not { build, protocol }', () => {
    for (const text of ['{', '{"build":"a b","protocol":2}', '{"build":"abc"}', `{"build":"abc","protocol":${PROTOCOL_VERSION},"extra":1}`]) {
      const log = logger();
      expect(servedBuild(dirWith(text), log as unknown as Logger)).toEqual({ build: null, protocol: PROTOCOL_VERSION });
      expect(log.warn).toHaveBeenCalledTimes(1);
    }
  });

  it('announces a client built for another protocol, with an error in the log, and its own protocol', () => {
    const log = logger();
    expect(servedBuild(dirWith(JSON.stringify({ build: 'old1', protocol: PROTOCOL_VERSION + 1 })), log as unknown as Logger)).toEqual({ build: 'old1', protocol: PROTOCOL_VERSION });
    expect(log.error).toHaveBeenCalledTimes(1);
  });
});
