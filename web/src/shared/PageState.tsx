/** Loading, empty and error states in plain words, the same on every page. */
import { Alert, Button, Empty, Result, Skeleton, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { errorMessage } from './errors';

export function Loading({ rows = 3 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-label={t('state.loading')} data-state="loading" style={{ padding: 16 }}>
      <Skeleton active paragraph={{ rows }} />
    </div>
  );
}

export function InlineLoading() {
  const { t } = useTranslation();
  return <Spin size="small" aria-label={t('state.loading')} />;
}

export function EmptyState({ text, children }: { text?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div data-state="empty">
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text ?? t('state.empty')}>
        {children}
      </Empty>
    </div>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div data-state="error">
      <Result
        status="warning"
        title={t('state.errorTitle')}
        subTitle={errorMessage(error)}
        extra={retry ? <Button onClick={retry}>{t('state.retry')}</Button> : undefined}
      />
    </div>
  );
}

export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return <Alert type="error" showIcon message={errorMessage(error)} data-state="error" style={{ marginBottom: 12 }} />;
}

/** Shows loading, error or empty for a query, and the children when there is data. */
export function QueryState<T>({
  query,
  isEmpty,
  emptyText,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  isEmpty?: (data: T) => boolean;
  emptyText?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const data = query.data as T;
  if (isEmpty?.(data)) return <EmptyState text={emptyText} />;
  return <>{children(data)}</>;
}
