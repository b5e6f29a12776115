/**
 * The live self-service connections of this process (the SIP2 server registers itself here), for
 * the staff view. Each process knows only its own; devices_device.last_seen_at is network-wide.
 */
export interface ConnectionInfo {
  id: number;
  remote: string;
  tls: boolean;
  connectedAt: string;
  deviceId: string | null;
  login: string | null;
  charset: string;
  lastMessage: string | null;
  lastMessageAt: string | null;
  messages: number;
  errors: number;
  lastError: string | null;
}

type Source = () => ConnectionInfo[];
const sources = new Set<Source>();

export function registerConnectionSource(source: Source): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

export function liveConnections(): ConnectionInfo[] {
  return [...sources].flatMap((s) => s());
}
