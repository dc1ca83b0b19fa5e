import { expect } from '@jest/globals';
import type { Decider, DomainEvent } from '@pmt/kernel';

/**
 * given(events).when(command).then(events) / .thenThrows(code): a decider exercised without I/O.
 */
export function DeciderSpec<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return {
    given(events: E[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        when(command: C) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(code: string, messagePart?: string) {
              let caught: unknown;
              try {
                run();
              } catch (e) {
                caught = e;
              }
              expect(caught).toMatchObject({ code });
              if (messagePart) expect((caught as Error).message).toContain(messagePart);
            },
            /** The events, for assertions on a part of them. */
            events: run,
          };
        },
        /** The state the given events fold to. */
        state: () => state,
      };
    },
  };
}
