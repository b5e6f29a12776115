/**
 * The branch's work lists: books on the hold shelf, holds expired on the shelf (to clear), books to
 * send in transit, and books on their way here.
 */
import { Card, Select, Space, Table, Tabs, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useServicePoints, useDeskLibrary } from '../components/ServicePointPicker';
import { QueryState } from '../../shared/PageState';
import { byId } from '../../shared/libraries';
import { dateTime, day, libraryName } from '../../shared/format';
import { itemsOf } from '../../shared/circulation';

type Row = Record<string, unknown> & { id?: string };

function WorkList({ libraryId, path, columns, empty }: { libraryId: string; path: string; columns: { title: string; render: (r: Row) => ReactNode }[]; empty: string }) {
  const list = useQuery({ queryKey: ['work-list', libraryId, path], queryFn: async () => itemsOf(await api.get<{ items: Row[] }>(`/api/libraries/${libraryId}/${path}`)) });
  return (
    <QueryState query={list} isEmpty={(l) => !l.length} emptyText={empty}>
      {(rows) => <Table size="small" rowKey={(r) => String(r.transitId ?? r.holdId ?? r.itemId)} pagination={{ pageSize: 50 }} dataSource={rows} columns={columns.map((c, i) => ({ key: i, title: c.title, render: (_: unknown, r: Row) => c.render(r) }))} />}
    </QueryState>
  );
}

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function WorkListsPage() {
  const { t } = useTranslation();
  const desk = useDeskLibrary();
  const { all } = useServicePoints();
  const [chosen, setChosen] = useState<string | null>(null);
  const libraryId = chosen ?? desk?.library.id ?? all[0]?.id;
  const libs = byId(all);
  const libName = (id: unknown) => libraryName(libs.get(s(id)));
  if (!libraryId) return null;
  const title = (r: Row) => s(r.title ?? '—');
  return (
    <Card
      size="small"
      title={t('work.heading')}
      extra={<Space>{t('work.library')}<Select style={{ minWidth: 200 }} value={libraryId} onChange={setChosen} options={all.map((l) => ({ value: l.id, label: libraryName(l) }))} /></Space>}
    >
      <Tabs
        items={[
          { key: 'shelf', label: t('work.holdShelf'), children: <WorkList libraryId={libraryId} path="hold-shelf" empty={t('work.holdShelfEmpty')} columns={[
            { title: t('record.barcode'), render: (r) => s(r.itemBarcode) },
            { title: t('desk.title'), render: title },
            { title: t('record.callNumber'), render: (r) => s(r.callNumber) },
            { title: t('work.reader'), render: (r) => s(r.maskedName) },
            { title: t('reader.shelfUntil'), render: (r) => day(s(r.shelfExpiresOn)) },
          ]} /> },
          { key: 'expired', label: t('work.expired'), children: <WorkList libraryId={libraryId} path="holds/expired" empty={t('work.expiredEmpty')} columns={[
            { title: t('record.barcode'), render: (r) => s(r.itemBarcode) },
            { title: t('desk.title'), render: title },
            { title: t('work.reader'), render: (r) => s(r.maskedName) },
            { title: t('work.expiredOn'), render: (r) => day(s(r.shelfExpiresOn)) },
            { title: t('work.nextStep'), render: () => <Tag color="orange">{t('work.clearFromShelf')}</Tag> },
          ]} /> },
          { key: 'out', label: t('work.outgoing'), children: <WorkList libraryId={libraryId} path="transits/outgoing" empty={t('work.outgoingEmpty')} columns={[
            { title: t('record.barcode'), render: (r) => s(r.itemBarcode) },
            { title: t('desk.title'), render: title },
            { title: t('record.callNumber'), render: (r) => s(r.callNumber) },
            { title: t('work.to'), render: (r) => <Tag color="blue">{libName(r.toLibraryId)}</Tag> },
            { title: t('work.reason'), render: (r) => (r.reason === 'hold' ? t('work.reasonHold') : t('work.reasonHome')) },
            { title: t('work.state'), render: (r) => (r.kind === 'pull' ? <Tag color="orange">{t('work.pull')}</Tag> : <Tag>{t('work.inVan')}</Tag>) },
            { title: t('work.since'), render: (r) => dateTime(s(r.since)) },
          ]} /> },
          { key: 'in', label: t('work.incoming'), children: <WorkList libraryId={libraryId} path="transits/incoming" empty={t('work.incomingEmpty')} columns={[
            { title: t('record.barcode'), render: (r) => s(r.itemBarcode) },
            { title: t('desk.title'), render: title },
            { title: t('work.from'), render: (r) => libName(r.fromLibraryId) },
            { title: t('work.reason'), render: (r) => (r.reason === 'hold' ? t('work.reasonHold') : t('work.reasonHome')) },
            { title: t('work.since'), render: (r) => dateTime(s(r.since)) },
          ]} /> },
        ]}
      />
    </Card>
  );
}
