/** The network's member libraries (成员馆), central first; a manager opens one to edit it. */
import { Card, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useLibraries } from '../../shared/libraries';
import { QueryState } from '../../shared/PageState';
import { libraryName } from '../../shared/format';

const KIND: Record<string, string> = { central: 'admin.kindCentral', district: 'admin.kindDistrict', branch: 'admin.kindBranch', service_point: 'admin.kindServicePoint' };

export function LibrariesPage() {
  const { t } = useTranslation();
  const libs = useLibraries(api);
  return (
    <Card size="small" title={t('admin.libraries')}>
      <QueryState query={libs} isEmpty={(l) => !l.length}>
        {(list) => (
          <Table
            size="small" rowKey="id" pagination={false} dataSource={list}
            columns={[
              { title: t('admin.code'), dataIndex: 'code' },
              { title: t('admin.name'), render: (_, l) => <Link to={`/admin/libraries/${l.id}`}>{libraryName(l)}</Link> },
              { title: t('admin.kind'), render: (_, l) => t(KIND[l.kind] ?? 'admin.kindBranch') },
              { title: t('admin.joinedOn'), dataIndex: 'joinedOn' },
              { title: t('record.status'), render: (_, l) => <Tag color={l.status === 'active' ? 'green' : 'default'}>{l.status === 'active' ? t('admin.active') : t('admin.left')}</Tag> },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}
