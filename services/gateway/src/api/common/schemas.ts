// The field primitives and the history queries are the contracts' (libs/contracts/common): the gateway and the
// services parse with the same ones.
export {
  calendarDate,
  DEFAULT_HISTORY_PAGE,
  DEFAULT_PAGE,
  diffQuery,
  exportQuery,
  historyQuery,
  instant,
  MAX_HISTORY_PAGE,
  MAX_PAGE,
  money,
  pagination,
  reason,
  says,
  text,
  uuid,
} from '@pmt/contracts-common';

export const API_PREFIX = 'api/v1';
