/** Which desk this workstation is: check-outs and check-ins happen at this service point. */
import { Select, Tag } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useStaff } from '../session';
import { useLibraryDetails } from '../../shared/libraries';
import { libraryName } from '../../shared/format';

export function useServicePoints() {
  const { user } = useStaff();
  const details = useLibraryDetails(api);
  const libs = (details.data ?? []).filter((l) => l.status === 'active' && (user?.allLibraries || !user?.libraryId || l.id === user.libraryId));
  const options = libs.flatMap((l) => l.servicePoints.filter((sp) => sp.kind === 'desk').map((sp) => ({ sp, library: l })));
  return { options, loading: details.isPending, all: details.data ?? [] };
}

export function ServicePointPicker() {
  const { t } = useTranslation();
  const { servicePointId, setServicePointId } = useStaff();
  const { options, loading } = useServicePoints();
  const current = options.find((o) => o.sp.id === servicePointId);
  useEffect(() => {
    if (!loading && options.length && !current) setServicePointId(options[0].sp.id);
  }, [loading, options, current, setServicePointId]);
  return (
    <span>
      <Tag color="blue">{t('staff.servicePoint')}</Tag>
      <Select
        size="small"
        style={{ minWidth: 240 }}
        loading={loading}
        value={current?.sp.id}
        data-testid="service-point"
        aria-label={t('staff.servicePoint')}
        onChange={setServicePointId}
        options={options.map((o) => ({ value: o.sp.id, label: `${libraryName(o.library)} · ${libraryName(o.sp)}` }))}
      />
    </span>
  );
}

/** The library of the workstation's service point. */
export function useDeskLibrary() {
  const { servicePointId } = useStaff();
  const { options } = useServicePoints();
  return options.find((o) => o.sp.id === servicePointId) ?? null;
}
