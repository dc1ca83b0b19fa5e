// The port's codes and checks, shared with the Mongo adapter: a projection behaves alike on either store.
export {
  assertCheckpoint,
  assertCollection,
  assertId,
  assertProjection,
  checkChange,
  INVALID_CHANGE,
  INVALID_COLLECTION,
  INVALID_CURSOR,
  INVALID_FILTER,
  INVALID_OPTIONS,
  isPlainObject,
} from '@pmt/read-model';
