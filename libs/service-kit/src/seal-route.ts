import type { Route } from './nats-controller';
import type { ServiceRuntime } from './runtime';

/** `<service>.audit.seal`: seal every moved stream head now; the gateway asks every service (POST /audit/seals). */
export function sealRoute(runtime: ServiceRuntime): Route {
  return {
    subject: `${runtime.config.service}.audit.seal`,
    handle: async () => {
      if (!runtime.seals) throw new Error('sealing has not started');
      return runtime.seals.sealNow();
    },
  };
}
