/** The network's libraries and their service points, read once and shared by every screen. */
import { useQuery } from '@tanstack/react-query';
import type { Api } from './api';
import type { Library, LibraryDetail } from './types';

export function useLibraries(api: Api) {
  return useQuery({
    queryKey: ['libraries'],
    queryFn: async () => (await api.get<{ items: Library[] }>('/api/libraries')).items,
    staleTime: 5 * 60_000,
  });
}

/** Every library with its locations and service points. */
export function useLibraryDetails(api: Api) {
  const libs = useLibraries(api);
  return useQuery({
    queryKey: ['libraries', 'details', libs.data?.map((l) => l.id).join(',')],
    enabled: !!libs.data,
    staleTime: 5 * 60_000,
    queryFn: () => Promise.all(libs.data!.map((l) => api.get<LibraryDetail>(`/api/libraries/${l.id}`))),
  });
}

export function byId<T extends { id: string }>(list: T[] | undefined): Map<string, T> {
  return new Map((list ?? []).map((x) => [x.id, x]));
}
