/** The catalog as staff search it: the public search plus item barcodes, statuses and call numbers. */
import { Card, Input, Select, Space, Table, Tag } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { EmptyState, ErrorState, Loading } from '../../shared/PageState';
import { formatLabel } from '../../shared/labels';
import type { SearchResult } from '../../shared/types';

const FIELDS: Record<string, string> = {
  any: 'catalog.fieldAny', title: 'catalog.fieldTitle', author: 'catalog.fieldAuthor', subject: 'catalog.fieldSubject', isbn: 'catalog.fieldIsbn',
  callnumber: 'catalog.fieldCallNumber', publisher: 'catalog.fieldPublisher', series: 'catalog.fieldSeries',
};

export function CatalogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const field = params.get('field') ?? 'any';
  const query = q && field !== 'any' ? `${field}:${/\s/.test(q) ? `"${q}"` : q}` : q;
  const results = useInfiniteQuery({
    queryKey: ['staff-search', query],
    enabled: !!q,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: SearchResult) => last.nextCursor ?? undefined,
    queryFn: ({ pageParam, signal }) => api.get<SearchResult>('/api/search', { q: query, limit: 50, cursor: pageParam, facets: false }, signal),
  });
  const hits = results.data?.pages.flatMap((p) => p.hits) ?? [];
  return (
    <Card title={t('catalog.heading')} size="small">
      <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
        <Select
          value={field}
          style={{ width: 130 }}
          onChange={(f) => setParams(new URLSearchParams({ q, field: f }))}
          options={Object.entries(FIELDS).map(([value, key]) => ({ value, label: t(key) }))}
        />
        <Input.Search defaultValue={q} allowClear enterButton={t('search.button')} placeholder={t('search.placeholder')} onSearch={(v) => setParams(new URLSearchParams({ q: v.trim(), field }))} data-testid="catalog-search" autoFocus />
      </Space.Compact>
      {!q ? <EmptyState text={t('catalog.prompt')} /> : results.isPending ? <Loading /> : results.isError ? <ErrorState error={results.error} retry={() => void results.refetch()} /> : (
        <Table
          size="small" rowKey="id" dataSource={hits} pagination={false} data-testid="catalog-results"
          locale={{ emptyText: t('search.noHits', { q }) }}
          title={() => t('search.total', { count: results.data.pages[0].total })}
          footer={results.hasNextPage ? () => <a onClick={() => void results.fetchNextPage()}>{t('search.more')}</a> : undefined}
          columns={[
            { title: t('catalog.title'), render: (_, h) => <Link to={`/catalog/${h.id}`}>{h.display.title}</Link> },
            { title: t('record.responsibility'), render: (_, h) => h.display.responsibility ?? h.display.names[0] ?? '' },
            { title: t('catalog.year'), render: (_, h) => h.display.year ?? '' },
            { title: t('record.classification'), render: (_, h) => h.display.classification[0]?.value ?? '' },
            { title: t('record.format'), render: (_, h) => formatLabel(h.display.materialType) },
            { title: t('catalog.copies'), render: (_, h) => h.availability.map((a) => <Tag key={a.libraryId} color={a.available ? 'green' : 'default'}>{a.libraryCode} {a.available}/{a.total}</Tag>) },
          ]}
        />
      )}
    </Card>
  );
}
