import { idInCategory, streamIdOf } from '@pmt/kernel';
import { v5 as uuidv5 } from 'uuid';

/**
 * Default stream category of a service's inbox: the copy of `mou-<id>` is `inbox-mou-<id>`.
 * In a KurrentDB shared by several services, give each service's inbox its own category (the mirrors of
 * one source stream would otherwise collide): see `InboxOptions.category`.
 */
export const INBOX_CATEGORY = 'inbox';

// Fixed namespaces: the same source event always yields the same mirror event id and command id.
const MIRROR_EVENT_NAMESPACE = '5f0c6f0e-3b1d-4c57-9a51-2a8f0d6f1e01';
const MIRROR_COMMAND_NAMESPACE = '5f0c6f0e-3b1d-4c57-9a51-2a8f0d6f1e02';

/** `inbox-mou-<id>` for source stream `mou-<id>`. */
export const inboxStreamId = (sourceStreamId: string, category = INBOX_CATEGORY): string => streamIdOf(category, sourceStreamId);

/** The source stream id of a mirror stream (`mou-<id>`), or null when the stream is not in that inbox. */
export function sourceStreamIdOf(streamId: string, category = INBOX_CATEGORY): string | null {
  return idInCategory(streamId, category);
}

/** Whose inbox a mirror belongs to: the consuming service and the stream category of its mirrors. */
export interface MirrorScope {
  service: string;
  /** Default `inbox`. */
  category?: string;
}

/**
 * Derived ids name the service and the purpose, not only the source event: on one store shared by several
 * services (a production KurrentDB), ids derived from the source event alone would be the same for every
 * service, and the second one to mirror an event would find the first one's command record, skip the append
 * and then wait forever on a gap. Still deterministic: a redelivery to the same inbox derives the same ids.
 */
const scoped = (scope: MirrorScope, purpose: string, sourceEventId: string): string =>
  `${scope.service}\n${purpose}\n${scope.category ?? INBOX_CATEGORY}\n${sourceEventId}`;

/** The command id of a mirror append: a redelivered source event is the same command and appends nothing. */
export const inboxCommandId = (scope: MirrorScope, sourceEventId: string): string =>
  uuidv5(scoped(scope, 'inbox-mirror-command', sourceEventId), MIRROR_COMMAND_NAMESPACE);

/** The id of the mirror event, derived too, so that mirroring the same log twice gives the same ids (event ids are unique per store). */
export const inboxEventId = (scope: MirrorScope, sourceEventId: string): string =>
  uuidv5(scoped(scope, 'inbox-mirror-event', sourceEventId), MIRROR_EVENT_NAMESPACE);

/** Durable consumer name: `partners-inbox-mous`. Instances of one service share it and split the work. */
export const inboxDurableName = (service: string, sourceService: string): string => `${service}-inbox-${sourceService}`;
