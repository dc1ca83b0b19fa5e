/**
 * Who may call each route the gateway serves (issue 12). The authorization spec reads the routes from the gateway
 * itself and fails for a route missing here, for a rule whose route is gone, and for a rule the route's own
 * `@Roles` / `@Public` metadata contradicts. Keys are `METHOD path`, with path parameters as `{name}`.
 */
import type { Role } from '@pmt/http';

export type Rule =
  /** A bearer token (or a console session) with one of these roles; others 403, none 401. */
  | { roles: readonly Role[]; body?: unknown; query?: string }
  /** No credential needed: health probes, the API docs, signing in. */
  | { public: true; body?: unknown }
  /** Public to the guard; the route reads the console's session cookie itself: without one 401, a bearer token included. */
  | { session: true }
  /** Public to the guard; only the browser that started an OIDC login (its state cookie) gets an answer: 401 to anyone else. */
  | { loginState: true }
  /** Only a calendar feed key in `?key=`: no bearer token of any role opens it. */
  | { feedKey: true }
  /** Not an endpoint: Nest mounts its middleware on every path; it answers nothing itself (an unrouted path is 404). */
  | { middleware: true }
  /** Registered only to answer 404 to everyone: @nestjs/swagger hides swagger-ui's LICENSE file so. */
  | { notFound: true };

const WRITE: readonly Role[] = ['admin', 'staff'];
const READ: readonly Role[] = ['admin', 'staff', 'auditor', 'viewer'];
const AUDIT: readonly Role[] = ['admin', 'staff', 'auditor'];
const AUDIT_QUERY: readonly Role[] = ['admin', 'auditor'];
const ADMIN: readonly Role[] = ['admin'];

/** Ids the spec fills in: the records it created, or an id that exists nowhere. */
export const ORG = '{org}';
export const ORG2 = '{org2}';

const thb = (amount: number) => ({ amount, currency: 'THB' });

/** The audit routes every aggregate has; `diff` needs two points to reach the service. */
const history = (base: string): Record<string, Rule> => ({
  [`GET ${base}/{id}/history`]: { roles: AUDIT },
  [`GET ${base}/{id}/history/verify`]: { roles: AUDIT },
  [`GET ${base}/{id}/history/export`]: { roles: AUDIT },
  [`GET ${base}/{id}/history/diff`]: { roles: AUDIT, query: '?from=1&to=1' },
});

/**
 * Bodies of the commands on the confidential kinds are valid for their schema, so that a request gets past the
 * gateway's checks and reaches the service, where a record the caller may not see must answer 404.
 */
export const ROUTE_RULES: Record<string, Rule> = {
  'GET /health/live': { public: true },
  'GET /health/ready': { public: true },
  'GET /api/docs': { public: true },
  'GET /api/docs/': { public: true },
  'GET /api/docs/index.html': { public: true },
  'GET /api/docs/LICENSE': { notFound: true },
  'GET /api/docs/swagger-ui-init.js': { public: true },
  'GET /api/docs/docs/swagger-ui-init.js': { public: true },
  'GET /api/docs-json': { public: true },
  'GET /api/docs-yaml': { public: true },
  'ALL /{*path}': { middleware: true },

  'GET /api/v1/session/providers': { public: true },
  'POST /api/v1/session': { public: true, body: {} },
  'GET /api/v1/session': { session: true },
  'DELETE /api/v1/session': { session: true },
  'GET /api/v1/session/oidc/login': { public: true },
  'GET /api/v1/session/oidc/callback': { loginState: true },

  'POST /api/v1/organisations': { roles: WRITE },
  'GET /api/v1/organisations': { roles: READ },
  'GET /api/v1/organisations/{id}': { roles: READ },
  'POST /api/v1/organisations/{id}/contacts': { roles: WRITE },
  'POST /api/v1/organisations/{id}/rename': { roles: WRITE },
  'POST /api/v1/organisations/{id}/archive': { roles: WRITE },
  ...history('/api/v1/organisations'),
  'POST /api/v1/organisations/{id}/contacts/{contactId}/erasure': { roles: ADMIN },
  'GET /api/v1/organisations/{id}/contacts/{contactId}/personal-data': { roles: ADMIN },
  'GET /api/v1/organisations/{id}/partnership': { roles: READ },
  'GET /api/v1/portfolio': { roles: READ },

  'POST /api/v1/mous': { roles: WRITE },
  'GET /api/v1/mous': { roles: READ },
  'GET /api/v1/mous/{id}': { roles: READ },
  'POST /api/v1/mous/{id}/terms': { roles: WRITE, body: { title: 'Revised title' } },
  'POST /api/v1/mous/{id}/signature-request': { roles: WRITE, body: {} },
  'POST /api/v1/mous/{id}/signatures': { roles: WRITE, body: { organisationId: ORG } },
  'POST /api/v1/mous/{id}/amendments': { roles: WRITE, body: { summary: 'Scope widened', changes: 'Clause 2', effectiveOn: '2026-06-01' } },
  'POST /api/v1/mous/{id}/kpi-progress': { roles: WRITE, body: { kpiId: 'k1', value: 1, reportedOn: '2026-06-01' } },
  'POST /api/v1/mous/{id}/renewal': { roles: WRITE, body: { termMonths: 12 } },
  'POST /api/v1/mous/{id}/termination': { roles: WRITE, body: { reason: 'Ended by both parties', effectiveOn: '2026-06-01' } },
  'POST /api/v1/mous/{id}/confidentiality': { roles: WRITE, body: { confidential: false } },
  ...history('/api/v1/mous'),

  'POST /api/v1/proposals': { roles: WRITE },
  'GET /api/v1/proposals': { roles: READ },
  'GET /api/v1/proposals/{id}': { roles: READ },
  'POST /api/v1/proposals/{id}/draft': { roles: WRITE, body: { title: 'Revised title' } },
  'POST /api/v1/proposals/{id}/review-notes': { roles: WRITE, body: { note: 'Budget looks thin' } },
  'POST /api/v1/proposals/{id}/submission': { roles: WRITE, body: {} },
  'POST /api/v1/proposals/{id}/decision': { roles: WRITE, body: { outcome: 'rejected', reasons: ['Out of scope'] } },
  'POST /api/v1/proposals/{id}/resubmission': { roles: WRITE, body: {} },
  'POST /api/v1/proposals/{id}/withdrawal': { roles: WRITE, body: { reason: 'Funder closed the call' } },
  'POST /api/v1/proposals/{id}/confidentiality': { roles: WRITE, body: { confidential: false } },
  ...history('/api/v1/proposals'),

  'POST /api/v1/grants': { roles: WRITE },
  'GET /api/v1/grants': { roles: READ },
  'GET /api/v1/grants/{id}': { roles: READ },
  'POST /api/v1/grants/{id}/tranches': { roles: WRITE, body: { tranches: [{ dueOn: '2026-06-01', amount: thb(1000) }] } },
  'POST /api/v1/grants/{id}/disbursements': { roles: WRITE, body: { amount: thb(1000), disbursedOn: '2026-01-02' } },
  'POST /api/v1/grants/{id}/disbursements/{disbursementId}/confirmation': { roles: WRITE, body: {} },
  'POST /api/v1/grants/{id}/expenditures': { roles: WRITE, body: { amount: thb(500), spentOn: '2026-01-03', category: 'equipment' } },
  'POST /api/v1/grants/{id}/co-investments': { roles: WRITE, body: { organisationId: ORG2, amount: thb(2000) } },
  'POST /api/v1/grants/{id}/close-out': { roles: WRITE, body: {} },
  'POST /api/v1/grants/{id}/confidentiality': { roles: WRITE, body: { confidential: false } },
  ...history('/api/v1/grants'),

  'POST /api/v1/activities': { roles: WRITE },
  'GET /api/v1/activities': { roles: READ },
  'GET /api/v1/activities/{id}': { roles: READ },
  'POST /api/v1/activities/{id}/schedule': { roles: WRITE, body: { startsAt: '2026-07-01T02:00:00Z', endsAt: '2026-07-01T05:00:00Z' } },
  'POST /api/v1/activities/{id}/completion': { roles: WRITE, body: { attendance: 12 } },
  'POST /api/v1/activities/{id}/cancellation': { roles: WRITE, body: { reason: 'Venue flooded' } },
  'POST /api/v1/activities/{id}/tasks': { roles: WRITE, body: { title: 'Send minutes', owner: 'IASA', dueOn: '2026-07-08' } },
  'POST /api/v1/activities/{id}/tasks/{taskId}/completion': { roles: WRITE, body: {} },
  'POST /api/v1/activities/{id}/confidentiality': { roles: WRITE, body: { confidential: false } },
  ...history('/api/v1/activities'),

  'POST /api/v1/notifications': { roles: ADMIN },
  'GET /api/v1/notifications': { roles: READ },
  'GET /api/v1/notifications/{id}': { roles: READ },
  'POST /api/v1/notifications/{id}/acknowledge': { roles: READ },
  ...history('/api/v1/notifications'),

  'GET /api/v1/calendar.ics': { feedKey: true },
  'POST /api/v1/calendar/feed-tokens': { roles: READ },
  'GET /api/v1/calendar/feed-tokens': { roles: READ },
  'DELETE /api/v1/calendar/feed-tokens/{id}': { roles: READ },

  'GET /api/v1/audit/events': { roles: AUDIT_QUERY },
  'POST /api/v1/audit/seals': { roles: ADMIN },
};
