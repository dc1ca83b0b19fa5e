import type { DomainEvent } from './envelope';

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
