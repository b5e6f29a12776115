/** The search box with suggestions: titles that match what is typed so far (Chinese, pinyin, English). */
import { AutoComplete, Input } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { SearchResult } from '../../shared/types';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

export function SearchBox({ initial, onSearch, size = 'large' }: { initial: string; onSearch: (q: string) => void; size?: 'large' | 'middle' }) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const [open, setOpen] = useState(false);
  useEffect(() => setText(initial), [initial]);
  const typed = useDebounced(text.trim(), 250);
  const suggestions = useQuery({
    queryKey: ['suggest', typed],
    enabled: open && typed.length >= 1 && typed !== initial,
    staleTime: 60_000,
    queryFn: ({ signal }) => api.get<SearchResult>('/api/search', { q: typed, limit: 6, facets: false }, signal),
  });
  const titles = [...new Set((suggestions.data?.hits ?? []).map((h) => h.display.title))];
  const submit = (q: string) => {
    setOpen(false);
    if (q.trim()) onSearch(q.trim());
  };
  return (
    <AutoComplete
      value={text}
      style={{ width: '100%' }}
      options={open ? titles.map((title) => ({ value: title, label: title })) : []}
      onSelect={(v: string) => {
        setText(v);
        submit(v);
      }}
      onChange={(v: string) => {
        setText(v);
        setOpen(true);
      }}
    >
      <Input.Search
        size={size}
        placeholder={t('search.placeholder')}
        enterButton={t('search.button')}
        aria-label={t('search.placeholder')}
        data-testid="search-input"
        onSearch={(v) => submit(v)}
        allowClear
      />
    </AutoComplete>
  );
}
