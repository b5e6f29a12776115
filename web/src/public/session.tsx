/** The signed-in reader (card + PIN), if any, for the whole public app. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, readerToken } from './api';

interface ReaderSession {
  signedIn: boolean;
  signIn(cardNumber: string, pin: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<ReaderSession | null>(null);

export function ReaderSessionProvider({ children }: { children: ReactNode }) {
  const [signedIn, setSignedIn] = useState(() => !!readerToken.get());
  const qc = useQueryClient();
  useEffect(() => {
    const off = () => {
      setSignedIn(false);
      qc.removeQueries({ queryKey: ['me'] });
    };
    window.addEventListener('tianyi:reader-signed-out', off);
    return () => window.removeEventListener('tianyi:reader-signed-out', off);
  }, [qc]);
  const signIn = useCallback(async (cardNumber: string, pin: string) => {
    const r = await api.post<{ token: string }>('/api/patrons/login', { cardNumber: cardNumber.trim(), pin });
    readerToken.set(r.token);
    qc.removeQueries({ queryKey: ['me'] });
    setSignedIn(true);
  }, [qc]);
  const signOut = useCallback(async () => {
    try {
      await api.post('/api/me/logout');
    } catch {
      /* the session may already be over */
    }
    readerToken.set(null);
    qc.removeQueries({ queryKey: ['me'] });
    setSignedIn(false);
  }, [qc]);
  return <SessionContext.Provider value={{ signedIn, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useReaderSession(): ReaderSession {
  const s = useContext(SessionContext);
  if (!s) throw new Error('ReaderSessionProvider missing');
  return s;
}
