import type { Pool } from 'undici';

/** JSON over one undici pool, with the bearer token; anything but 2xx throws with the start of the body. */
export interface Http {
  get<T = unknown>(path: string): Promise<T>;
  post(path: string, body: unknown): Promise<{ id: string; version: number }>;
}

export function http(pool: Pool, token: string): Http {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await pool.request({ method, path, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${path} answered ${res.statusCode}: ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}
