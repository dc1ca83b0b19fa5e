// The port's codes and checks, shared with the embedded adapter: a projection behaves alike on either store.
export {
  assertCheckpoint,
  assertCollection,
  assertId,
  assertProjection,
  CHECKPOINTS,
  checkChange,
  INVALID_CHANGE,
  INVALID_COLLECTION,
  INVALID_CURSOR,
  INVALID_FILTER,
  INVALID_OPTIONS,
  isPlainObject,
  type CheckedChange,
} from '@pmt/read-model';
