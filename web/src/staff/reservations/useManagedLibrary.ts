/** The library a staff screen manages: the staff member's own, or the one they chose. */
import { useState } from 'react';
import { useStaff } from '../session';
import { useLibraries } from '../../shared/libraries';
import { api } from '../api';

export function useManagedLibrary(): [string | undefined, (id: string | undefined) => void] {
  const { user } = useStaff();
  const libs = useLibraries(api);
  const [chosen, setChosen] = useState<string | undefined>(user?.libraryId ?? undefined);
  return [chosen ?? libs.data?.[0]?.id, setChosen];
}
