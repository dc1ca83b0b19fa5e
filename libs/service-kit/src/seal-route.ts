import { CodedError, invalid } from '@pmt/kernel';
import { verifyHistory } from '@pmt/event-sourcing';
import type { Route } from './nats-controller';
import type { ServiceRuntime } from './runtime';

/**
 * `<service>.audit.seal`: seal every moved stream head now; the gateway asks every service (POST /audit/seals).
 * `<service>.audit.verify-stream` { streamId }: verify any stream of the service against its seals, mirrors of
 * other services' streams (`inbox-mou-<id>`) included, which have no resource route of their own.
 */
export function sealRoutes(runtime: ServiceRuntime): Route[] {
  const service = runtime.config.service;
  return [
    {
      subject: `${service}.audit.seal`,
      handle: async () => {
        if (!runtime.seals) throw new CodedError('AUDIT.SEALING_OFF', 'unavailable', `${service} does not seal: SEAL_KEY_FILE is not set`);
        return runtime.seals.sealNow();
      },
    },
    {
      subject: `${service}.audit.verify-stream`,
      handle: async (m: { params?: { streamId?: unknown } }) => {
        const streamId = m?.params?.streamId;
        if (typeof streamId !== 'string' || !streamId.includes('-')) {
          throw invalid('AUDIT.STREAM_ID', 'streamId must be a stream id such as inbox-mou-<id>', [{ path: 'streamId', message: 'must be <category>-<id>' }]);
        }
        const events = await runtime.stores.events.readStream(streamId);
        return verifyHistory(streamId, events, runtime.stores.seals?.streams);
      },
    },
  ];
}
