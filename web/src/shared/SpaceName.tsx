/** A room's name from its id (read once and cached). */
import { useQuery } from '@tanstack/react-query';
import type { Api } from './api';
import type { Space } from './reservations';

export function useSpace(api: Api, id: string | null | undefined) {
  return useQuery({ queryKey: ['res', 'space', id], enabled: !!id, staleTime: 10 * 60_000, queryFn: () => api.get<Space>(`/api/reservations/spaces/${id}`) });
}

export function SpaceName({ api, id }: { api: Api; id: string | null | undefined }) {
  const s = useSpace(api, id);
  return <>{s.data?.name ?? '…'}</>;
}
