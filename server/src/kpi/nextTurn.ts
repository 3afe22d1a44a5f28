/**
 * Resolves in a later turn of the event loop, after the I/O waiting meanwhile (a health probe, a
 * socket's message): long work awaits it between bounded slices instead of holding the loop.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
