import { z } from 'zod';

/** `limit` (1…max, default 50) and `offset` (0 or more) of a paged list, each error naming its field. */
export function pageFields(max: number, defaultLimit = 50) {
  return {
    limit: z.coerce
      .number({ error: 'limit must be a number' })
      .int('limit must be an integer')
      .min(1, 'limit must be at least 1')
      .max(max, `limit must be at most ${max}`)
      .default(defaultLimit),
    offset: z.coerce.number({ error: 'offset must be a number' }).int('offset must be an integer').min(0, 'offset must be 0 or more').default(0),
  };
}
