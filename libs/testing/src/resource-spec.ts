import { expect } from '@jest/globals';
import type { DomainEvent } from '@pmt/kernel';

/** The shape of a resource fold (`ResourceFold` in @pmt/event-sourcing), restated so that testing depends on the kernel only. */
interface Fold<E extends DomainEvent, R> {
  initialState(): R;
  evolve(resource: R, event: E): R;
}

/**
 * given(events).when(event).then(resource) / .thenMatches(part): a resource fold exercised without I/O.
 */
export function ResourceSpec<E extends DomainEvent, R>(fold: Fold<E, R>) {
  return {
    given(events: E[]) {
      const before = events.reduce(fold.evolve, fold.initialState());
      return {
        when(...more: E[]) {
          const after = more.reduce(fold.evolve, before);
          return {
            then(expected: R) {
              expect(after).toEqual(expected);
            },
            thenMatches(part: Partial<R> | Record<string, unknown>) {
              expect(after).toMatchObject(part);
            },
            /** The resource, for assertions on a part of it. */
            resource: () => after,
          };
        },
        /** The resource the given events fold to. */
        resource: () => before,
      };
    },
  };
}
