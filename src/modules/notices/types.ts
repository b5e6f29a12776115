/** Notices' values, as other modules and the routes see them. */
export const NOTICE_KINDS = [
  'due_soon', 'overdue', 'hold_ready', 'event_reminder', 'event_promoted', 'event_cancelled', 'reservation_no_show', 'reservation_suspended',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_CHANNELS = ['email', 'webhook'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

export type NoticeStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface Notice {
  id: string;
  kind: NoticeKind;
  subjectKey: string;
  channel: NoticeChannel;
  patronId: string;
  libraryId: string | null;
  vars: Record<string, string | number | null>;
  status: NoticeStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** A notice to create: once per (kind, subjectKey), on every configured channel. */
export interface NewNotice {
  kind: NoticeKind;
  subjectKey: string;
  patronId: string;
  libraryId: string | null;
  vars: Record<string, string | number | null>;
}
