/** A record's title by id (cached): for lists whose rows carry only the record id. */
import { useQuery } from '@tanstack/react-query';
import type { Api } from './api';
import type { Bib } from './types';

export function RecordTitle({ api, recordId, fallback }: { api: Api; recordId: string | null | undefined; fallback?: string }) {
  const bib = useQuery({ queryKey: ['bib', recordId], enabled: !!recordId, staleTime: 10 * 60_000, queryFn: () => api.get<Bib>(`/api/bibs/${recordId}`) });
  return <>{bib.data?.display.title ?? fallback ?? ''}</>;
}
