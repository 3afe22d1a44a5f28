import { createClient } from 'redis';

export type RedisLink = ReturnType<typeof createClient>;

/**
 * A connected Redis client (REDIS_URL). It reconnects by itself after a drop (node-redis's
 * default strategy); errors between reconnects are reported, not thrown.
 */
export async function openRedis(url: string, onError: (error: Error) => void): Promise<RedisLink> {
  const client = createClient({ url });
  client.on('error', onError);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot reach Redis at REDIS_URL: ${(error as Error).message}`, { cause: error });
  }
  return client;
}

/** Key prefix for everything this city (and schema) keeps in Redis, so two cities or test runs never share a key. */
export const redisPrefix = (cityCode: string, schema: string | undefined): string => `city:${cityCode}:${schema ?? ''}:`;
