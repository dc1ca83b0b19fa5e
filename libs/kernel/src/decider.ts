import type { DomainEvent } from './envelope';
import { conflict, invalid, type CodedError, type FieldError } from './errors';

/**
 * The pure core of an aggregate. `decide` throws a CodedError to refuse;
 * ids and time arrive inside the command, never from the decider itself.
 */
export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Exhaustiveness guard for switches over discriminated unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/**
 * Time arrives with every command: `now` is the instant it was issued, `today` the office's calendar date
 * (the platform computes it in the office's time zone, which the domain cannot know).
 */
export interface Stamp extends NowStamp {
  today: string;
}

/** The instant a command was issued, for deciders that need no calendar date; the domain never reads a clock. */
export interface NowStamp {
  now: string;
}

/** Refuses bad input: 400 `code` listing every field error, when there is any. */
export function rejectIf(code: string, errors: FieldError[]): void {
  if (errors.length) throw invalid(code, errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
}

/**
 * `refuse(code, aggregate, why)` for one kind of aggregate: a 409 whose message starts with the status the aggregate
 * is in (`MOU is "draft": ...`) and whose details carry it. `label` is how the message names the aggregate.
 */
export function refusal(label: string) {
  return (code: string, aggregate: { status: string }, why: string, details: Record<string, unknown> = {}): CodedError =>
    conflict(code, `${label} is "${aggregate.status}": ${why}`, { status: aggregate.status, ...details });
}
