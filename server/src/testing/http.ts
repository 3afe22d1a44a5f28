/** JSON over HTTP for tests: the body is untyped on purpose, assertions give it shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: res.status === 304 ? null : await res.json() };
}

export async function postJson(url: string, body: unknown, options: { raw?: boolean; form?: boolean } = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: options.raw || options.form ? (body as string) : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
