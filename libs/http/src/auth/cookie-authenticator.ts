import type { Request } from 'express';
import type { Principal } from './principal';

/**
 * Optional second way in, next to the bearer token: the gateway provides one for its session cookie. It answers
 * undefined when the request carries no session cookie at all (the guard then asks for a token as before), throws a
 * 401 CodedError for a dead session and a 403 one for an unsafe method without the right CSRF header.
 */
export interface CookieAuthenticator {
  authenticate(req: Request): Promise<Principal | undefined>;
}

export const COOKIE_AUTHENTICATOR = Symbol('pmt:cookie-authenticator');
