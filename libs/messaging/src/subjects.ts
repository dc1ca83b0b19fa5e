import { parseStreamId, type StoredEvent } from '@pmt/kernel';

/** A subject token must not be empty nor hold whitespace, '.', '*' or '>'. */
export function subjectToken(value: string): string {
  const token = value.replace(/[\s.*>]/g, '_');
  return token.length > 0 ? token : '_';
}

/** `<aggregate>` of a stream id `<aggregate>-<id>`; the whole id when it has no '-'. */
export function streamCategory(streamId: string): string {
  return parseStreamId(streamId)?.category ?? streamId;
}

/** `events.<service>.<category>.<EventType>`. */
export function eventSubject(service: string, event: Pick<StoredEvent, 'streamId' | 'type'>): string {
  return `events.${subjectToken(service)}.${subjectToken(streamCategory(event.streamId))}.${subjectToken(event.type)}`;
}

/** Every event subject of one service: `events.<service>.>`. */
export function serviceEventSubjects(service: string): string {
  return `events.${subjectToken(service)}.>`;
}

/** `EVENTS_MOUS` for service `mous`. */
export function eventStreamName(service: string): string {
  return `EVENTS_${service.toUpperCase().replace(/[^A-Z0-9_-]/g, '_')}`;
}
