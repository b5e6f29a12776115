/**
 * The signed-in staff member and the service point this workstation serves (the desk where books
 * are lent and returned), kept on the workstation.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, staffToken } from './api';
import type { StaffUser } from '../shared/types';

const SP_KEY = 'tianyi.staff.servicePoint';

interface StaffSession {
  user: StaffUser | null;
  loading: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  can(permission: string): boolean;
  servicePointId: string | null;
  setServicePointId(id: string): void;
}

const Ctx = createContext<StaffSession | null>(null);

/** Same wildcard rules as the server: exact, 'patrons.*' or '*'. */
export function permits(perms: string[], permission: string): boolean {
  if (perms.includes('*') || perms.includes(permission)) return true;
  const parts = permission.split('.');
  for (let i = parts.length - 1; i > 0; i--) if (perms.includes(`${parts.slice(0, i).join('.')}.*`)) return true;
  return false;
}

export function StaffSessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [hasToken, setHasToken] = useState(() => !!staffToken.get());
  const [servicePointId, setSp] = useState<string | null>(() => localStorage.getItem(SP_KEY));
  const me = useQuery({ queryKey: ['staff', 'me', hasToken], enabled: hasToken, retry: false, staleTime: Infinity, queryFn: () => api.get<StaffUser>('/api/staff/me') });
  useEffect(() => {
    const off = () => {
      setHasToken(false);
      qc.clear();
    };
    window.addEventListener('tianyi:staff-signed-out', off);
    return () => window.removeEventListener('tianyi:staff-signed-out', off);
  }, [qc]);
  const signIn = useCallback(async (username: string, password: string) => {
    const r = await api.post<{ token: string; user: StaffUser }>('/api/staff/login', { username, password });
    staffToken.set(r.token);
    qc.setQueryData(['staff', 'me', true], r.user);
    setHasToken(true);
  }, [qc]);
  const signOut = useCallback(async () => {
    try {
      await api.post('/api/staff/logout');
    } catch {
      /* already over */
    }
    staffToken.set(null);
    qc.clear();
    setHasToken(false);
  }, [qc]);
  const user = hasToken ? me.data ?? null : null;
  const value: StaffSession = {
    user,
    loading: hasToken && me.isPending,
    signIn,
    signOut,
    can: (p) => !!user && permits(user.permissions, p),
    servicePointId,
    setServicePointId: (id) => {
      localStorage.setItem(SP_KEY, id);
      setSp(id);
    },
  };
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useStaff(): StaffSession {
  const s = useContext(Ctx);
  if (!s) throw new Error('StaffSessionProvider missing');
  return s;
}
