import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../testing/until.js';
import { READ_SLICE_BYTES, sliceReads } from './rawSocket.js';

/**
 * sliceReads on a real TCP connection: the parser's 'data' listener stands where ws's is, and the
 * input is written whole (48 KiB, within the socket buffers) before the server reads it, so the
 * server's first read is larger than a slice.
 */
describe("sliceReads: a connection's input reaches its parser a slice a turn", () => {
  let server: Server | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
  });

  /** A connection whose server side waits, paused, until `sent` is written; then `parse` reads it, sliced. */
  async function written(sent: Buffer, parse: (this: Socket, chunk: Buffer) => void): Promise<{ raw: Socket; client: Socket }> {
    let accepted: Socket | undefined;
    server = createServer((raw) => {
      raw.pause();
      accepted = raw;
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const client = connect((server.address() as { port: number }).port, '127.0.0.1');
    sockets.push(client);
    await new Promise<void>((r) => client.write(sent, () => r()));
    const raw = await until(() => accepted, 5_000, 'the connection');
    sockets.push(raw);
    raw.on('data', parse);
    sliceReads(raw);
    raw.resume();
    return { raw, client };
  }

  it('hands every byte on, in order, in chunks of at most READ_SLICE_BYTES, and reads the connection again afterwards', async () => {
    const sent = randomBytes(48 * 1024);
    const chunks: Buffer[] = [];
    const calledOn = new Set<Socket>();
    const { raw, client } = await written(sent, function (chunk) {
      calledOn.add(this);
      chunks.push(chunk);
    });
    await until(() => chunks.reduce((n, c) => n + c.length, 0) >= sent.length, 5_000, 'all of it');
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(READ_SLICE_BYTES);
    expect(chunks.length).toBeGreaterThanOrEqual(sent.length / READ_SLICE_BYTES);
    expect(Buffer.concat(chunks).equals(sent)).toBe(true);
    // Called as the socket's own listener (ws's reads its WebSocket from `this`).
    expect([...calledOn]).toEqual([raw]);
    // The socket is read again: what follows arrives too.
    client.write('after');
    await until(() => Buffer.concat(chunks).subarray(sent.length).toString() === 'after', 5_000, 'what followed');
  });

  it("drops what waits once the socket's data listeners are taken away (a connection closed for flooding)", async () => {
    const sent = randomBytes(48 * 1024);
    let parsed = 0;
    let dropped = 0;
    const { raw, client } = await written(sent, function (chunk) {
      parsed += chunk.length;
      // What LiveHub.end does on its first chunk: no more parsing, the rest read and dropped.
      for (const listener of this.listeners('data')) this.off('data', listener as (chunk: Buffer) => void);
      this.on('data', (rest: Buffer) => (dropped += rest.length));
      this.resume();
    });
    await until(() => parsed > 0, 5_000, 'the first slice');
    client.write('after');
    await until(() => dropped >= 'after'.length, 5_000, 'what followed, dropped');
    expect(parsed).toBe(READ_SLICE_BYTES);
    // The rest of the first read was let go, never handed on: only what came later was read and dropped.
    expect(parsed + dropped).toBeLessThan(sent.length);
    expect(raw.destroyed).toBe(false);
  });
});
