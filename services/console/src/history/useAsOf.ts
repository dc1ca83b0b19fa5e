// The as-of choice lives in the URL (?asOf=2025-01-07 or ?version=3), so a past view can be shared and reloaded.
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../lib/api';
import type { StateAt } from '../lib/types';
import { asOfQuery, type AsOf } from './AsOfControl';

export function useAsOfParam(): [AsOf, (next: AsOf) => void] {
  const [params, setParams] = useSearchParams();
  const version = params.get('version');
  const asOf: AsOf = { date: params.get('asOf') ?? undefined, version: version && /^\d+$/.test(version) ? Number(version) : undefined };
  const set = (next: AsOf) =>
    setParams(
      (p) => {
        p.delete('asOf');
        p.delete('version');
        if (next.date) p.set('asOf', next.date);
        if (next.version !== undefined) p.set('version', String(next.version));
        return p;
      },
      { replace: false },
    );
  return [asOf, set];
}

/** The record as it stood, or `enabled: false` when the page shows now. */
export function useStateAt<T>(resource: string, id: string, asOf: AsOf) {
  const query = asOfQuery(asOf);
  return useQuery({
    queryKey: [resource, id, 'asOf', query],
    queryFn: () => api.get<StateAt<T>>(`/${resource}/${id}/history`, query ?? undefined),
    enabled: !!query,
  });
}
