import type * as Jose from 'jose';
import type * as OpenIdClient from 'openid-client';

// openid-client and jose are ES modules. Node 20.19+ loads them through require(), which is what TypeScript turns
// `import()` into here; loading them only when OpenID Connect is configured keeps them out of every process (and jest
// run) that does not use it.
export const loadOpenIdClient = (): Promise<typeof OpenIdClient> => import('openid-client');
export const loadJose = (): Promise<typeof Jose> => import('jose');
