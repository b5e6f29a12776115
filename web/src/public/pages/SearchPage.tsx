/** Search: the box, facets, results with availability per branch, and "more" by cursor. */
import { Button, Col, Drawer, Grid, Row, Select, Space, Typography } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { SearchBox } from '../components/SearchBox';
import { Facets, type Filters } from '../components/Facets';
import { AvailabilityTags } from '../components/AvailabilityTags';
import { EmptyState, ErrorState, Loading } from '../../shared/PageState';
import { formatLabel } from '../../shared/labels';
import type { SearchResult } from '../../shared/types';

const list = (p: URLSearchParams, k: string) => (p.get(k) ?? '').split(',').filter(Boolean);

function filtersOf(p: URLSearchParams): Filters {
  return { library: list(p, 'library'), format: list(p, 'format'), language: list(p, 'language'), decade: list(p, 'decade'), available: p.get('available') === '1' };
}

/** Decade facet values ('1990') to a year range the API takes. */
function yearRange(decades: string[]): { yearFrom?: number; yearTo?: number } {
  const ds = decades.map(Number).filter((n) => Number.isFinite(n));
  if (!ds.length) return {};
  return { yearFrom: Math.min(...ds), yearTo: Math.max(...ds) + 9 };
}

function ResultItem({ hit }: { hit: SearchResult['hits'][number] }) {
  const d = hit.display;
  return (
    <article className="ty-result" data-testid="search-hit">
      <h3><Link to={`/record/${hit.id}`}>{d.title}</Link></h3>
      <div className="ty-meta">
        {[d.responsibility ?? d.names[0], d.publisher, d.year, formatLabel(d.materialType)].filter(Boolean).join(' · ')}
      </div>
      <AvailabilityTags availability={hit.availability} />
    </article>
  );
}

function Welcome() {
  const { t } = useTranslation();
  return (
    <div style={{ textAlign: 'center', color: '#666' }}>
      <p>{t('search.welcome')}</p>
      <p className="ty-meta">{t('search.tips')}</p>
    </div>
  );
}

export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [drawer, setDrawer] = useState(false);
  const q = params.get('q') ?? '';
  const sort = params.get('sort') ?? 'relevance';
  const filters = filtersOf(params);
  const results = useInfiniteQuery({
    queryKey: ['search', params.toString()],
    enabled: !!q,
    placeholderData: (prev) => (prev && q ? keepPreviousData(prev) : undefined),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: SearchResult) => last.nextCursor ?? undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<SearchResult>('/api/search', {
        q, sort, limit: 20, cursor: pageParam, facets: !pageParam,
        library: filters.library, format: filters.format, language: filters.language,
        available: filters.available || undefined, ...yearRange(filters.decade),
      }, signal),
  });
  const setFilters = (f: Filters) => {
    const p = new URLSearchParams({ q });
    if (sort !== 'relevance') p.set('sort', sort);
    for (const k of ['library', 'format', 'language', 'decade'] as const) if (f[k].length) p.set(k, f[k].join(','));
    if (f.available) p.set('available', '1');
    setParams(p);
  };
  const first = results.data?.pages[0];
  const hits = results.data?.pages.flatMap((p) => p.hits) ?? [];
  const facets = first?.facets && <Facets facets={first.facets} filters={filters} onChange={setFilters} />;
  return (
    <>
      <div className={q ? undefined : 'ty-hero'}>
        {!q && <h1>{t('public.heroTitle')}</h1>}
        <SearchBox initial={q} size={q ? 'middle' : 'large'} onSearch={(v) => navigate(`/?q=${encodeURIComponent(v)}`)} />
      </div>
      {!q ? <Welcome /> : (
        <Row gutter={16} style={{ marginTop: 12 }}>
          {screens.md && <Col md={6}>{facets}</Col>}
          <Col xs={24} md={18}>
            {results.isPending ? <Loading rows={6} /> : results.isError ? <ErrorState error={results.error} retry={() => void results.refetch()} /> : (
              <>
                <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
                  <Typography.Text data-testid="result-count" data-stale={results.isPlaceholderData ? 'true' : 'false'} type={results.isPlaceholderData ? 'secondary' : undefined}>
                    {first!.exact ? t('search.total', { count: first!.total }) : t('search.totalAbout', { count: first!.total })}
                  </Typography.Text>
                  <Space>
                    {!screens.md && <Button icon={<FilterOutlined />} onClick={() => setDrawer(true)}>{t('facets.filter')}</Button>}
                    <Select
                      size="small"
                      value={sort}
                      style={{ width: 130 }}
                      aria-label={t('search.sort')}
                      onChange={(s) => { const p = new URLSearchParams(params); p.set('sort', s); setParams(p); }}
                      options={[
                        { value: 'relevance', label: t('search.sortRelevance') },
                        { value: 'year-desc', label: t('search.sortNewest') },
                        { value: 'year-asc', label: t('search.sortOldest') },
                        { value: 'title', label: t('search.sortTitle') },
                      ]}
                    />
                  </Space>
                </Space>
                {!hits.length ? <EmptyState text={t('search.noHits', { q })} /> : hits.map((h) => <ResultItem key={h.id} hit={h} />)}
                {results.hasNextPage && (
                  <Button block loading={results.isFetchingNextPage} onClick={() => void results.fetchNextPage()}>{t('search.more')}</Button>
                )}
              </>
            )}
          </Col>
        </Row>
      )}
      <Drawer open={drawer} onClose={() => setDrawer(false)} title={t('facets.filter')} placement="bottom" height="70%">
        {facets}
      </Drawer>
    </>
  );
}
