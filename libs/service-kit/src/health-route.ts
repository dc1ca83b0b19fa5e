import type { Route } from './nats-controller';
import type { ServiceRuntime } from './runtime';

/** `<service>.health`: the gateway's readiness asks every service this, which checks its stores. */
export function healthRoute(runtime: ServiceRuntime): Route {
  return {
    subject: `${runtime.config.service}.health`,
    handle: async () => {
      const checks = await runtime.health();
      return { status: Object.values(checks).every((c) => c === 'up') ? 'up' : 'down', checks };
    },
  };
}
