/** A record as the public sees it: description, copies per branch with call numbers, and "place a hold". */
import { Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { QueryState } from '../../shared/PageState';
import { formatLabel, itemStatusLabel, languageLabel } from '../../shared/labels';
import { byId, useLibraries } from '../../shared/libraries';
import { libraryName } from '../../shared/format';
import { AvailabilityTags } from '../components/AvailabilityTags';
import { PlaceHoldButton } from '../components/PlaceHoldButton';
import type { Bib, Display } from '../../shared/types';

export function RecordDescription({ d }: { d: Display }) {
  const { t } = useTranslation();
  const rows: [string, string | null | undefined][] = [
    [t('record.responsibility'), d.responsibility ?? d.names.join('；')],
    [t('record.publisher'), [d.place, d.publisher, d.year].filter(Boolean).join(' : ')],
    [t('record.edition'), d.edition],
    [t('record.physical'), d.physical],
    [t('record.series'), d.series.join('；')],
    [t('record.subjects'), d.subjects.join('；')],
    [t('record.isbn'), d.isbns.join('；')],
    [t('record.issn'), d.issns.join('；')],
    [t('record.classification'), d.classification.map((c) => c.value).join('；')],
    [t('record.language'), d.language ? languageLabel(d.language) : null],
    [t('record.format'), formatLabel(d.materialType)],
    [t('record.price'), d.price],
    [t('record.summary'), d.summary],
  ];
  return (
    <Descriptions column={1} size="small" bordered>
      {rows.filter(([, v]) => v).map(([label, v]) => <Descriptions.Item key={label} label={label}>{v}</Descriptions.Item>)}
    </Descriptions>
  );
}

function Copies({ bib }: { bib: Bib }) {
  const { t } = useTranslation();
  const libs = byId(useLibraries(api).data);
  const items = bib.items.filter((i) => i.status !== 'withdrawn');
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={items}
      scroll={{ x: true }}
      locale={{ emptyText: t('record.noCopies') }}
      columns={[
        { title: t('record.library'), render: (_, i) => libraryName(libs.get(i.currentLibraryId ?? i.libraryId) ?? libs.get(i.libraryId)) },
        { title: t('record.callNumber'), dataIndex: 'callNumber' },
        { title: t('record.status'), render: (_, i) => <Tag color={i.status === 'available' ? 'green' : 'default'}>{itemStatusLabel(i.status)}</Tag> },
      ]}
    />
  );
}

export function RecordPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const bib = useQuery({ queryKey: ['bib', id], queryFn: () => api.get<Bib>(`/api/bibs/${id}`) });
  return (
    <QueryState query={bib}>
      {(b) => (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Button type="link" style={{ padding: 0 }} onClick={() => navigate(-1)}>← {t('common.back')}</Button>
          <Card>
            <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="record-title">{b.display.title}</Typography.Title>
            {b.generated && <Tag color="orange">{t('record.generated')}</Tag>}
            <AvailabilityTags availability={b.availability} />
            <div style={{ margin: '12px 0' }}><PlaceHoldButton recordId={b.id} /></div>
            <RecordDescription d={b.display} />
          </Card>
          <Card title={t('record.copies')}><Copies bib={b} /></Card>
        </Space>
      )}
    </QueryState>
  );
}
