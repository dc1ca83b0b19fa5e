/** The queries every aggregate answers on `<service>.<aggregate>.<query>` (service-kit's queryRoutes). */
export const QUERY_NAMES = ['get', 'list', 'history', 'state-at', 'verify', 'export', 'export-trailer', 'diff'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

export type QuerySubjects<P extends string> = { readonly [Q in QueryName]: `${P}.${Q}` };

/** The query subjects of one aggregate, from its prefix (`mous.mou`). */
export function querySubjects<P extends string>(prefix: P): QuerySubjects<P> {
  return Object.fromEntries(QUERY_NAMES.map((q) => [q, `${prefix}.${q}`])) as unknown as QuerySubjects<P>;
}

/** What every service answers besides its aggregates: readiness, the audit query, seals and a stream's check. */
export const serviceSubjects = <S extends string>(service: S) =>
  ({
    health: `${service}.health`,
    auditEvents: `${service}.audit.events`,
    seal: `${service}.audit.seal`,
    verifyStream: `${service}.audit.verify-stream`,
  }) as const;

/** An integration event as a consumer reads it: its type, schema version and data. */
export interface IntegrationEvent<T extends string, D> {
  type: T;
  version?: number;
  data: D;
}

/** Where a service's relay publishes an event on JetStream: `events.<service>.<category>.<type>` (docs/integration-events.md). */
export const eventSubject = <S extends string, C extends string, T extends string>(service: S, category: C, type: T) =>
  `events.${service}.${category}.${type}` as const;

/**
 * `<prefix>.validate`: the field errors a command's data would get from its service (shape, the decider's rules,
 * unknown organisations), writing nothing. The gateway asks it when its own shape check fails, to answer one 400.
 */
export const validateSubject = <P extends string>(prefix: P) => `${prefix}.validate` as const;

export interface ValidateParams {
  /** The command's key in the contract's `<Aggregate>Commands` (`create`, `reviseDraft`...). */
  command: string;
  data: unknown;
}

export interface ValidateReply {
  errors: { path: string; message: string }[];
}
