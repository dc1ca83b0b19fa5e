import { parseWith, validationError, type ValidateParams, type ValidateReply } from '@pmt/contracts-common';
import { invalid, type FieldError } from '@pmt/kernel';
import type { CommandMessage, NatsRequester, QueryMessage } from '@pmt/messaging';
import type { z } from 'zod';
import type { Route } from './nats-controller';
import { organisationErrors, refsAllowedBy, type OrganisationRef } from './organisation-check';

/**
 * How a service checks one command's data before its decider: the contract's schema, the decider's own cross-field
 * rules (run on the raw data as well, so that one 400 names a bad shape and a broken rule together), and the
 * organisations it references (asked of partners).
 */
export interface DataCheck<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** The decider's cross-field rules, read from the raw data; a field of the wrong type is the schema's to report. */
  rules?: (data: unknown) => FieldError[];
  /** Every organisation the data references, each to exist and not be archived. */
  organisations?: (data: unknown) => OrganisationRef[];
}

/** Every field error of the data, the schema's first (one 400 names each bad field once, the schema's word first). */
export async function dataErrors(check: DataCheck, data: unknown, requester: () => NatsRequester, ask: Omit<QueryMessage, 'params'>): Promise<FieldError[]> {
  return (await checkData(check, data, requester, ask)).errors;
}

async function checkData<S extends z.ZodType>(check: DataCheck<S>, data: unknown, requester: () => NatsRequester, ask: Omit<QueryMessage, 'params'>) {
  const parsed = parseWith(check.schema, data);
  const refs = refsAllowedBy(check.schema, check.organisations?.(data) ?? []);
  const errors = [
    ...(parsed.ok ? [] : parsed.errors),
    ...(check.rules?.(data) ?? []),
    ...(refs.length > 0 ? await organisationErrors(requester(), refs, ask) : []),
  ];
  return { parsed, errors };
}

/**
 * The message's data parsed and checked, or a 400 naming every bad field: what the decider gets, whoever sent the
 * message. `reason` travels beside the data (the events' metadata), so it is dropped.
 */
export async function checkedData<S extends z.ZodType>(
  check: DataCheck<S>,
  m: CommandMessage,
  requester: () => NatsRequester,
): Promise<Omit<z.output<S>, 'reason'>> {
  const { parsed, errors } = await checkData(check, m?.data, requester, { actor: m?.actor, correlationId: m?.correlationId });
  if (!parsed.ok || errors.length > 0) throw validationError(errors, 'request body');
  const { reason: _reason, ...data } = parsed.value as z.output<S> & { reason?: string };
  return data;
}

/**
 * `<prefix>.validate`: the field errors a command's data would get, writing nothing. The gateway asks it when its
 * own shape check fails, so that the one 400 it answers also names the broken rules and unknown organisations,
 * whose code lives only here.
 */
export function validateRoute(subject: string, checks: Record<string, DataCheck>, requester: () => NatsRequester): Route {
  return {
    subject,
    handle: async (m: QueryMessage<ValidateParams>): Promise<ValidateReply> => {
      const check = checks[m?.params?.command];
      if (!check)
        throw invalid('VALIDATE.UNKNOWN_COMMAND', `no command ${String(m?.params?.command)} to validate`, [
          { path: 'command', message: 'is not a command this service checks' },
        ]);
      return { errors: await dataErrors(check, m.params.data, requester, { actor: m.actor, correlationId: m.correlationId }) };
    },
  };
}

/** `inner`, run only once the message's data passed `check`: every bad field named in one 400, nothing written. */
export function checkedRoute(check: DataCheck, inner: Route, requester: () => NatsRequester): Route {
  return {
    subject: inner.subject,
    handle: async (m: CommandMessage) => {
      await checkedData(check, m, requester);
      return inner.handle(m);
    },
  };
}
