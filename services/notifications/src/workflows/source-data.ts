export { dateOrNull, list, record, text, textOrNull, type Data } from '@pmt/kernel';

/** An event of a source stream as a workflow folds it: `sourceId` is the id the producer gave it. */
export interface SourceEvent {
  type: string;
  data: unknown;
  streamVersion: number;
  sourceId: string;
  /** The office date it was entered, when that was after the fact (see enteredLateOn of the facts); else absent. */
  enteredLateOn?: string;
}
