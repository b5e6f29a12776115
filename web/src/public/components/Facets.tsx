/** Facets beside the results (on a phone: in a drawer): library, format, language, decade, on the shelf. */
import { Checkbox, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FacetValue, SearchResult } from '../../shared/types';
import { formatLabel, languageLabel } from '../../shared/labels';

export interface Filters {
  library: string[];
  format: string[];
  language: string[];
  decade: string[];
  available: boolean;
}

function FacetGroup({ title, values, selected, label, onChange, testId }: {
  title: string;
  values: FacetValue[];
  selected: string[];
  label: (v: FacetValue) => string;
  onChange: (v: string[]) => void;
  testId: string;
}) {
  if (!values.length) return null;
  return (
    <div style={{ marginBottom: 16 }} data-testid={testId}>
      <Typography.Text strong>{title}</Typography.Text>
      <Checkbox.Group
        style={{ display: 'flex', flexDirection: 'column', marginTop: 4 }}
        value={selected}
        onChange={(v) => onChange(v as string[])}
        options={values.slice(0, 10).map((v) => ({ value: v.value, label: `${label(v)} (${v.count})` }))}
      />
    </div>
  );
}

export function Facets({ facets, filters, onChange }: { facets: NonNullable<SearchResult['facets']>; filters: Filters; onChange: (f: Filters) => void }) {
  const { t } = useTranslation();
  return (
    <div data-testid="facets">
      <div style={{ marginBottom: 16 }}>
        <Switch size="small" checked={filters.available} onChange={(available) => onChange({ ...filters, available })} />{' '}
        {t('facets.availableOnly', { count: facets.available })}
      </div>
      <FacetGroup testId="facet-library" title={t('facets.library')} values={facets.library} selected={filters.library} label={(v) => v.label ?? v.value} onChange={(library) => onChange({ ...filters, library })} />
      <FacetGroup testId="facet-format" title={t('facets.format')} values={facets.format} selected={filters.format} label={(v) => formatLabel(v.value)} onChange={(format) => onChange({ ...filters, format })} />
      <FacetGroup testId="facet-language" title={t('facets.language')} values={facets.language} selected={filters.language} label={(v) => languageLabel(v.value)} onChange={(language) => onChange({ ...filters, language })} />
      <FacetGroup testId="facet-decade" title={t('facets.decade')} values={facets.decade} selected={filters.decade} label={(v) => t('facets.decadeValue', { decade: v.value })} onChange={(decade) => onChange({ ...filters, decade })} />
    </div>
  );
}
