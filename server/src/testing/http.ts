/** JSON over HTTP for tests: the body is untyped on purpose, assertions give it shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: res.status === 304 ? null : await res.json() };
}

export async function postJson(url: string, body: unknown, options: { raw?: boolean; form?: boolean; headers?: Record<string, string> } = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json', ...options.headers },
    body: options.raw || options.form ? (body as string) : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** JSON calls to one server as one account (a Bearer token). */
export interface ApiClient {
  token: string;
  headers: Record<string, string>;
  get(path: string): Promise<{ status: number; body: Json }>;
  post(path: string, body: unknown, options?: { raw?: boolean; form?: boolean }): Promise<{ status: number; body: Json }>;
}

export function apiClient(baseUrl: string, token: string): ApiClient {
  const headers = { authorization: `Bearer ${token}` };
  return {
    token,
    headers,
    get: (path) => getJson(`${baseUrl}${path}`, headers),
    post: (path, body, options = {}) => postJson(`${baseUrl}${path}`, body, { ...options, headers }),
  };
}
