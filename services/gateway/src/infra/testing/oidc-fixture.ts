/** Shared by oidc.int.spec.ts and its child process: the test provider's client and the user it signs in. */
export const CLIENT_ID = 'pmt-console';
export const CLIENT_SECRET = 'console-secret-for-tests';
export const API_AUDIENCE = 'https://pmt.example/api';
export const ACCOUNT_CLAIMS = { email: 'somchai@iasa.example', name: 'Somchai', roles: ['staff'], teams: ['IASA'] };
