/**
 * 导入: choose a MARC file and the options, send it (POST /api/imports with the file as the body),
 * then a progress bar polls GET /api/imports/:id until the import ends; the result shows the
 * counts and the rejects report (each bad record by position and reason), downloadable as text.
 */
import { Alert, Button, Card, Descriptions, Form, Progress, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorAlert, QueryState } from '../../shared/PageState';
import { LibraryPicker } from '../../shared/LibraryPicker';
import { dateTime } from '../../shared/format';

interface ImportView {
  id: string; status: 'running' | 'done' | 'failed' | 'interrupted'; fileName: string | null; totalBytes: number; bytes: number; progress: number;
  read: number; created: number; updated: number; rejected: number; itemsCreated: number; itemsUpdated: number; warnings: number;
  rejects: { position: number; byteOffset: number | null; code: string; reason: string; controlNumber: string | null }[]; error: string | null; startedAt: string; finishedAt: string | null;
}
interface Options { format: string; encoding: string; match: string; holdings: string; library?: string }
const STATUS_KEYS: Record<string, string> = { running: 'imports.running', done: 'imports.done', failed: 'imports.failed', interrupted: 'imports.interrupted' };
const STATUS_COLORS: Record<string, string> = { running: 'blue', done: 'green', failed: 'red', interrupted: 'orange' };

function Result({ id }: { id: string }) {
  const { t } = useTranslation();
  const imp = useQuery({
    queryKey: ['import', id],
    queryFn: () => api.get<ImportView>(`/api/imports/${id}`),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 500 : false),
  });
  const qc = useQueryClient();
  const status = imp.data?.status;
  useEffect(() => {
    if (status && status !== 'running') void qc.invalidateQueries({ queryKey: ['imports'] });
  }, [status, qc]);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const download = async (v: ImportView) => {
    setDownloadError(null);
    try {
      const res = await fetch(`/api/imports/${v.id}/rejects`, { headers: { authorization: `Bearer ${api.store.get() ?? ''}` } });
      if (!res.ok) throw new Error(res.statusText);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(await res.blob());
      a.download = `${(v.fileName ?? 'import').replace(/[^\w.-]+/g, '_')}.rejects.txt`;
      a.click();
      URL.revokeObjectURL(a.href);
    } catch (err) {
      setDownloadError(err);
    }
  };
  return (
    <QueryState query={imp}>
      {(v) => (
        <Card size="small" title={<Space>{v.fileName ?? t('imports.file')}<Tag color={STATUS_COLORS[v.status]} data-testid="import-status">{t(STATUS_KEYS[v.status])}</Tag></Space>} data-testid="import-result">
          <Progress percent={Math.round(v.progress * 100)} status={v.status === 'running' ? 'active' : v.status === 'done' ? 'success' : 'exception'} data-testid="import-progress" />
          <Descriptions size="small" column={{ xs: 2, md: 4 }} style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('imports.read')}><span data-testid="import-read">{v.read}</span></Descriptions.Item>
            <Descriptions.Item label={t('imports.created')}><span data-testid="import-created">{v.created}</span></Descriptions.Item>
            <Descriptions.Item label={t('imports.updated')}>{v.updated}</Descriptions.Item>
            <Descriptions.Item label={t('imports.rejected')}><span data-testid="import-rejected">{v.rejected}</span></Descriptions.Item>
            <Descriptions.Item label={t('imports.itemsCreated')}>{v.itemsCreated}</Descriptions.Item>
            <Descriptions.Item label={t('imports.itemsUpdated')}>{v.itemsUpdated}</Descriptions.Item>
            <Descriptions.Item label={t('imports.warnings')}>{v.warnings}</Descriptions.Item>
            <Descriptions.Item label={t('imports.size')}>{(v.totalBytes / 1024).toFixed(1)} KB</Descriptions.Item>
          </Descriptions>
          {v.status === 'failed' && <Alert type="error" showIcon message={t('imports.failedText')} description={v.error} />}
          {v.status === 'interrupted' && <Alert type="warning" showIcon message={t('imports.interruptedText')} />}
          {v.status !== 'running' && (v.rejected > 0 || v.warnings > 0) && (
            <>
              <ErrorAlert error={downloadError} />
              <Space style={{ margin: '12px 0' }}>
                <Typography.Text strong>{t('imports.rejectsTitle')}</Typography.Text>
                <Button size="small" icon={<DownloadOutlined />} onClick={() => void download(v)} data-testid="download-rejects">{t('imports.downloadRejects')}</Button>
              </Space>
              <Table size="small" rowKey={(r) => `${r.position}-${r.code}`} dataSource={v.rejects} pagination={{ pageSize: 10 }} data-testid="rejects"
                locale={{ emptyText: t('imports.onlyWarnings') }}
                columns={[
                  { title: t('imports.position'), dataIndex: 'position', width: 80 },
                  { title: t('imports.byteOffset'), dataIndex: 'byteOffset', width: 100 },
                  { title: t('imports.code'), dataIndex: 'code', width: 160 },
                  { title: t('imports.reason'), dataIndex: 'reason' },
                ]} />
            </>
          )}
          {v.status === 'done' && v.rejected === 0 && <Alert type="success" showIcon message={t('imports.allGood')} />}
        </Card>
      )}
    </QueryState>
  );
}

export function ImportPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [current, setCurrent] = useState<string | null>(null);
  const [form] = Form.useForm<Options>();
  const start = useMutation({
    mutationFn: async (o: Options) => api.request<ImportView>('/api/imports', {
      method: 'POST', body: new Uint8Array(await file!.arrayBuffer()), headers: { 'content-type': 'application/octet-stream' },
      query: { ...o, name: file!.name },
    }),
    onSuccess: (v) => {
      setCurrent(v.id);
      void qc.invalidateQueries({ queryKey: ['imports'] });
    },
  });
  const recent = useQuery({ queryKey: ['imports'], queryFn: async () => (await api.get<{ items: ImportView[] }>('/api/imports', { limit: 10 })).items });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={t('imports.title')}>
        <ErrorAlert error={start.error} />
        <Form form={form} layout="vertical" initialValues={{ format: 'auto', encoding: 'auto', match: 'control-number-then-isbn', holdings: 'default' }}
          onFinish={(o) => start.mutate(o)}>
          <Form.Item label={t('imports.file')} required>
            <div data-testid="import-file">
              <Upload.Dragger maxCount={1} beforeUpload={(f) => { setFile(f); return false; }} onRemove={() => setFile(null)}
                fileList={file ? [{ uid: '1', name: file.name, size: file.size, status: 'done' }] : []} accept=".mrc,.iso,.marc,.xml,.json,.jsonl,.dat">
                <p className="ant-upload-drag-icon"><InboxOutlined /></p>
                <p>{t('imports.dropHint')}</p>
              </Upload.Dragger>
            </div>
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="format" label={t('imports.format')}>
              <Select style={{ width: 160 }} options={[{ value: 'auto', label: t('imports.auto') }, { value: 'iso2709', label: 'ISO 2709' }, { value: 'marcxml', label: 'MARCXML' }, { value: 'marc-json', label: 'MARC-in-JSON' }]} />
            </Form.Item>
            <Form.Item name="encoding" label={t('imports.encoding')}>
              <Select style={{ width: 160 }} options={[{ value: 'auto', label: t('imports.auto') }, { value: 'utf8', label: 'UTF-8' }, { value: 'marc8', label: 'MARC-8' }, { value: 'gb18030', label: 'GB18030' }, { value: 'latin1', label: 'Latin-1' }]} />
            </Form.Item>
            <Form.Item name="match" label={t('imports.match')}>
              <Select style={{ width: 220 }} options={[
                { value: 'control-number-then-isbn', label: t('imports.matchBoth') }, { value: 'control-number', label: t('imports.matchControl') },
                { value: 'isbn', label: t('imports.matchIsbn') }, { value: 'none', label: t('imports.matchNone') },
              ]} />
            </Form.Item>
            <Form.Item name="holdings" label={t('imports.holdings')}>
              <Select style={{ width: 200 }} options={[{ value: 'default', label: t('imports.holdingsDefault') }, { value: 'none', label: t('imports.holdingsNone') }]} />
            </Form.Item>
            <Form.Item name="library" label={t('imports.library')}>
              <LibraryPicker api={api} value={undefined} onChange={() => undefined} allowAll />
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" disabled={!file} loading={start.isPending} data-testid="import-start">{t('imports.start')}</Button>
        </Form>
      </Card>
      {current && <Result id={current} />}
      <Card size="small" title={t('imports.recent')}>
        <QueryState query={recent} isEmpty={(l) => !l.length} emptyText={t('imports.noneYet')}>
          {(list) => (
            <Table size="small" rowKey="id" pagination={false} dataSource={list} onRow={(r) => ({ onClick: () => setCurrent(r.id), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('imports.file'), render: (_, r) => r.fileName ?? '—' },
                { title: t('imports.startedAt'), render: (_, r) => dateTime(r.startedAt) },
                { title: t('record.status'), render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{t(STATUS_KEYS[r.status])}</Tag> },
                { title: t('imports.created'), dataIndex: 'created' },
                { title: t('imports.updated'), dataIndex: 'updated' },
                { title: t('imports.rejected'), dataIndex: 'rejected' },
              ]} />
          )}
        </QueryState>
      </Card>
    </Space>
  );
}
