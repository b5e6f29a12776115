/** Copies on the shelf, branch by branch: green where one can be borrowed now. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Availability } from '../../shared/types';

export function AvailabilityTags({ availability }: { availability: Availability[] }) {
  const { t } = useTranslation();
  if (!availability.length) return <span className="ty-meta">{t('search.noCopies')}</span>;
  return (
    <div className="ty-avail" data-testid="availability">
      {availability.map((a) => (
        <Tag key={a.libraryId} color={a.available > 0 ? 'green' : 'default'}>
          {a.libraryName ?? a.libraryCode} {a.available > 0 ? t('search.availableCount', { available: a.available, total: a.total }) : t('search.allOut')}
        </Tag>
      ))}
    </div>
  );
}
