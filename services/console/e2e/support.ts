// What the browser tests share: accounts, an API client for arranging data (the thing under test is the console;
// data it does not show being made is made through the API), sign-in, axe and screenshots.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { createHmac, randomUUID } from 'node:crypto';
import path from 'node:path';

export const SECRET = 'console-e2e-secret';
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', '..', 'docs', 'console-screenshots');

export const ACCOUNTS = [
  { email: 'staff@e2e.local', roles: 'staff', teams: 'IASA', name: 'Somchai Staff', password: 'staff-e2e-passphrase' },
  { email: 'auditor@e2e.local', roles: 'auditor', teams: 'IASA', name: 'Malee Auditor', password: 'auditor-e2e-passphrase' },
  // staff of another team: a confidential IASA record is "not found" for them
  { email: 'nmco@e2e.local', roles: 'staff', teams: 'NMCO', name: 'Kanya NMCO', password: 'nmco-e2e-passphrase' },
];
export const STAFF = ACCOUNTS[0];
export const AUDITOR = ACCOUNTS[1];
export const NMCO_STAFF = ACCOUNTS[2];

export function baseUrl(): string {
  const url = process.env.CONSOLE_URL;
  if (!url) throw new Error('CONSOLE_URL is not set: run through playwright.config.ts (global-setup starts the product)');
  return url;
}

/** An HS256 bearer token like `npm run token` makes (one hour). */
function token(roles: string[]): string {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'arranger@e2e.local', roles, iat: now, exp: now + 3600 })}`;
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
}

/** Arranges data through the API (bearer token, admin + staff). */
export async function api<T = Record<string, unknown>>(method: string, apiPath: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl()}/api/v1${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${token(['admin', 'staff'])}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${apiPath}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function organisation(name: string, nameEn: string, kind = 'government'): Promise<string> {
  const org = await api<{ id: string }>('POST', '/organisations', { name, nameEn, kind, country: 'TH', sectors: ['innovation'], contacts: [] });
  return org.id;
}

export async function signIn(page: Page, account: { email: string; password: string }, lang: 'en' | 'th' = 'en'): Promise<void> {
  await page.goto(`${baseUrl()}/sign-in?lang=${lang}`);
  await page.getByLabel(lang === 'en' ? 'Email' : 'อีเมล').fill(account.email);
  await page.getByRole('textbox', { name: lang === 'en' ? 'Password' : 'รหัสผ่าน' }).fill(account.password);
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : 'เข้าสู่ระบบ', exact: true }).click();
  await expect(page.getByRole('navigation')).toBeVisible();
}

/** No serious or critical axe violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
