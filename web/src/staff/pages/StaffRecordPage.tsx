/**
 * A record for staff: the description, every item with barcode and status (add and edit), the MARC
 * view, and a hold placed for a reader (scan their card, choose the pickup place).
 */
import { Alert, App, Button, Card, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { MarcView } from '../components/MarcView';
import { QueryState } from '../../shared/PageState';
import { itemStatusLabel } from '../../shared/labels';
import { byId, useLibraryDetails } from '../../shared/libraries';
import { libraryName, yuan } from '../../shared/format';
import { RecordDescription } from '../../public/pages/RecordPage';
import type { Bib } from '../../shared/types';
import { useStaff } from '../session';
import { ItemForm } from '../catalog/ItemForm';
import { HoldForReaderButton, type PlacedHold } from '../components/HoldForReader';

/** What the desk says after placing a hold for a reader, with the way to that reader's page. */
function HoldPlaced({ placed, onClose }: { placed: PlacedHold; onClose: () => void }) {
  const { t } = useTranslation();
  const { hold, patron } = placed;
  return (
    <Alert type="success" showIcon closable onClose={onClose} data-testid="hold-placed"
      message={hold.queuePosition ? t('staffHold.placedQueued', { name: patron.name, position: hold.queuePosition }) : t('staffHold.placed', { name: patron.name })}
      action={<Link to={`/readers/${patron.id}`} data-testid="hold-reader-link">{t('staffHold.openReader')}</Link>} />
  );
}

export function StaffRecordPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const bib = useQuery({ queryKey: ['bib', id, 'marc'], queryFn: () => api.get<Bib>(`/api/bibs/${id}`, { marc: true }) });
  const details = useLibraryDetails(api);
  const libs = byId(details.data);
  const locations = byId((details.data ?? []).flatMap((l) => l.locations));
  const { can } = useStaff();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<string | null | undefined>(undefined); // undefined: closed; null: new item
  const [placed, setPlaced] = useState<PlacedHold | null>(null);
  const canEdit = can('inventory.write');
  return (
    <QueryState query={bib}>
      {(b) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Button type="link" style={{ padding: 0 }} onClick={() => navigate(-1)}>← {t('common.back')}</Button>
          {placed && <HoldPlaced placed={placed} onClose={() => setPlaced(null)} />}
          <Card
            size="small"
            title={<Typography.Text strong style={{ fontSize: 18 }}>{b.display.title}</Typography.Text>}
            extra={
              <Space>
                <Tag>{b.flavour === 'cnmarc' ? 'CNMARC' : 'MARC21'}</Tag>
                {b.generated && <Tag color="orange">{t('record.generated')}</Tag>}
                {can('circulation.holds') && b.items.length > 0 && <HoldForReaderButton recordId={b.id} onPlaced={setPlaced} />}
              </Space>
            }
          >
            <Tabs
              items={[
                { key: 'items', label: t('catalog.items', { count: b.items.length }), children: (
                  <>
                  {canEdit && <Button icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => setEditing(null)} data-testid="add-item">{t('items.add')}</Button>}
                  <Table
                    size="small" rowKey="id" pagination={false} dataSource={b.items} locale={{ emptyText: t('record.noCopies') }} data-testid="record-items"
                    columns={[
                      { title: t('record.barcode'), dataIndex: 'barcode' },
                      { title: t('record.library'), render: (_, i) => libraryName(libs.get(i.libraryId)) },
                      { title: t('record.location'), render: (_, i) => libraryName(i.locationId ? locations.get(i.locationId) : undefined) },
                      { title: t('record.callNumber'), dataIndex: 'callNumber' },
                      { title: t('record.status'), render: (_, i) => <Tag color={i.status === 'available' ? 'green' : 'default'}>{itemStatusLabel(i.status)}</Tag> },
                      { title: t('catalog.currentLibrary'), render: (_, i) => i.currentLibraryId && i.currentLibraryId !== i.libraryId ? libraryName(libs.get(i.currentLibraryId)) : '' },
                      { title: t('record.price'), render: (_, i) => yuan(i.priceFen) },
                      ...(canEdit ? [{ title: '', key: 'edit', render: (_: unknown, i: Bib['items'][number]) => <Button size="small" onClick={() => setEditing(i.barcode)} data-testid={`edit-item-${i.barcode}`}>{t('common.edit')}</Button> }] : []),
                    ]}
                  />
                  </>
                ) },
                { key: 'desc', label: t('catalog.description'), children: <RecordDescription d={b.display} /> },
                { key: 'marc', label: t('catalog.marc'), children: b.marc ? <MarcView marc={b.marc} flavour={b.flavour} /> : null },
              ]}
            />
          </Card>
          {editing !== undefined && (
            <ItemForm recordId={b.id} barcode={editing ?? undefined} defaultCallNumber={b.items[0]?.callNumber ?? undefined} onClose={() => setEditing(undefined)}
              onSaved={(item) => {
                setEditing(undefined);
                void message.success(t('items.saved', { barcode: item.barcode }));
                void qc.invalidateQueries({ queryKey: ['bib', id] });
                void qc.invalidateQueries({ queryKey: ['item', item.barcode] });
              }} />
          )}
        </Space>
      )}
    </QueryState>
  );
}
