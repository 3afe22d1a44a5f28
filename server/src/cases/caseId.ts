import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32

/**
 * Time-ordered case ids (ULID layout: 48-bit milliseconds + 80 random bits, base32, 26 chars).
 * Within one millisecond the random part is incremented, so ids sort in creation order.
 * `bytes` gives the random part (a seeded source makes the ids of a generated history repeatable).
 */
export function createIdGenerator(now: () => number = Date.now, bytes: (n: number) => Uint8Array = randomBytes): () => string {
  let lastTime = -1;
  let lastRandom = new Uint8Array(10);
  return () => {
    const time = now();
    if (time === lastTime) {
      for (let i = 9; i >= 0; i--) {
        lastRandom[i] = (lastRandom[i]! + 1) & 0xff;
        if (lastRandom[i] !== 0) break;
      }
    } else {
      lastTime = time;
      lastRandom = new Uint8Array(bytes(10));
    }
    let out = '';
    let t = time;
    for (let i = 0; i < 10; i++) {
      out = ALPHABET[t % 32]! + out;
      t = Math.floor(t / 32);
    }
    // 80 random bits → 16 base32 digits.
    let bits = 0;
    let value = 0;
    for (const byte of lastRandom) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5) {
        out += ALPHABET[(value >>> (bits - 5)) & 31]!;
        bits -= 5;
      }
      value &= (1 << bits) - 1;
    }
    return out;
  };
}
