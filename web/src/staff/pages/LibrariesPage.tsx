/** The network's member libraries (成员馆), central first; a manager opens one to edit it, or adds one. */
import { Card, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useStaff } from '../session';
import { NewLibraryButton, LIBRARY_KIND_KEYS } from '../admin/NewLibraryDialog';
import { byId, useLibraries } from '../../shared/libraries';
import { QueryState } from '../../shared/PageState';
import { libraryName } from '../../shared/format';

export function LibrariesPage() {
  const { t } = useTranslation();
  const { can } = useStaff();
  const libs = useLibraries(api);
  const parents = byId(libs.data);
  return (
    <Card size="small" title={t('admin.libraries')} extra={can('consortium.manage') && <NewLibraryButton />}>
      <QueryState query={libs} isEmpty={(l) => !l.length}>
        {(list) => (
          <Table
            size="small" rowKey="id" pagination={false} dataSource={list} data-testid="libraries"
            columns={[
              { title: t('admin.code'), dataIndex: 'code' },
              { title: t('admin.name'), render: (_, l) => <Link to={`/admin/libraries/${l.id}`}>{libraryName(l)}</Link> },
              { title: t('admin.kind'), render: (_, l) => t(LIBRARY_KIND_KEYS[l.kind] ?? 'admin.kindBranch') },
              { title: t('admin.parent'), render: (_, l) => (l.parentId ? libraryName(parents.get(l.parentId)) : '') },
              { title: t('admin.joinedOn'), dataIndex: 'joinedOn' },
              { title: t('record.status'), render: (_, l) => <Tag color={l.status === 'active' ? 'green' : 'default'}>{l.status === 'active' ? t('admin.active') : t('admin.left')}</Tag> },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}
