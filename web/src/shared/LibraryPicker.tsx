/** A select of the network's libraries (names in the current language). */
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Api } from './api';
import { useLibraries } from './libraries';
import { libraryName } from './format';

export function LibraryPicker({ api, value, onChange, allowAll, testId, style }: {
  api: Api; value: string | undefined; onChange: (id: string | undefined) => void; allowAll?: boolean; testId?: string; style?: React.CSSProperties;
}) {
  const { t } = useTranslation();
  const libs = useLibraries(api);
  return (
    <Select
      data-testid={testId}
      style={{ minWidth: 160, ...style }}
      loading={libs.isPending}
      value={value ?? (allowAll ? '' : undefined)}
      placeholder={t('res.chooseLibrary')}
      onChange={(v: string) => onChange(v || undefined)}
      options={[
        ...(allowAll ? [{ value: '', label: t('res.allLibraries') }] : []),
        ...(libs.data ?? []).filter((l) => l.status === 'active').map((l) => ({ value: l.id, label: libraryName(l) })),
      ]}
    />
  );
}
