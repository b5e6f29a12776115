/**
 * A library's regular weekly opening hours (the calendar's timetable; closed days are separate):
 * shown as a table, and edited as a whole week (夏季/冬季开放时间), a weekday with no spans being
 * closed. Spans are HH:MM (closing may be 24:00), each closing after it opens, not overlapping.
 */
import { App, Button, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { QueryState, ErrorAlert } from '../../shared/PageState';

interface Span { opens: string; closes: string }
interface WeekdayHours { weekday: number; spans: Span[] }
interface Week { weekly: WeekdayHours[] }

const WEEKDAY: Record<number, string> = { 1: 'admin.mon', 2: 'admin.tue', 3: 'admin.wed', 4: 'admin.thu', 5: 'admin.fri', 6: 'admin.sat', 7: 'admin.sun' };
const DAYS = [1, 2, 3, 4, 5, 6, 7];
const OPENS = /^([01]\d|2[0-3]):[0-5]\d$/;
const CLOSES = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** All seven weekdays, Monday first, whatever the server left out. */
function fullWeek(w: Week): WeekdayHours[] {
  return DAYS.map((d) => ({ weekday: d, spans: w.weekly.find((x) => x.weekday === d)?.spans ?? [] }));
}

/** Two spans of one day share time (the list is checked as a whole, after each span is valid). */
function overlaps(spans: Span[]): boolean {
  const s = spans.filter((x) => x && OPENS.test(x.opens ?? '') && CLOSES.test(x.closes ?? '')).sort((a, b) => a.opens.localeCompare(b.opens));
  return s.some((x, i) => i > 0 && x.opens < s[i - 1].closes);
}

function HoursTable({ week }: { week: WeekdayHours[] }) {
  const { t } = useTranslation();
  return (
    <Table size="small" rowKey="weekday" pagination={false} dataSource={week} data-testid="opening-hours"
      columns={[
        { title: t('admin.weekday'), render: (_, r) => t(WEEKDAY[r.weekday]) },
        { title: t('admin.hours'), render: (_, r) => (r.spans.length ? r.spans.map((s) => `${s.opens}–${s.closes}`).join('，') : <Tag>{t('admin.closed')}</Tag>) },
      ]}
    />
  );
}

function DaySpans({ index, weekday }: { index: number; weekday: number }) {
  const { t } = useTranslation();
  return (
    <Form.List
      name={['weekly', index, 'spans']}
      rules={[{ validator: async (_, spans: Span[] = []) => (overlaps(spans) ? Promise.reject(new Error(t('admin.spansOverlap'))) : undefined) }]}
    >
      {(fields, { add, remove }, { errors }) => (
        <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start', padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Text style={{ width: 64, lineHeight: '24px' }}>{t(WEEKDAY[weekday])}</Typography.Text>
          <Space direction="vertical" size={4} style={{ flex: 1 }}>
            {!fields.length && <Tag>{t('admin.closed')}</Tag>}
            {fields.map((field, i) => (
              <Space key={field.key} align="start" size={4}>
                <Form.Item name={[field.name, 'opens']} rules={[{ required: true, pattern: OPENS, message: t('admin.timeRule') }]} style={{ margin: 0 }}>
                  <Input size="small" placeholder="09:00" style={{ width: 80 }} data-testid={`hours-${weekday}-${i}-opens`} autoComplete="off" />
                </Form.Item>
                <span style={{ lineHeight: '24px' }}>–</span>
                <Form.Item
                  name={[field.name, 'closes']}
                  dependencies={[['weekly', index, 'spans', field.name, 'opens']]}
                  style={{ margin: 0 }}
                  rules={[
                    { required: true, pattern: CLOSES, message: t('admin.timeRule') },
                    ({ getFieldValue }) => ({
                      validator: async (_, closes: string) => {
                        const opens = getFieldValue(['weekly', index, 'spans', field.name, 'opens']) as string | undefined;
                        if (opens && closes && OPENS.test(opens) && CLOSES.test(closes) && closes <= opens) throw new Error(t('admin.closesAfterOpens'));
                      },
                    }),
                  ]}
                >
                  <Input size="small" placeholder="17:00" style={{ width: 80 }} data-testid={`hours-${weekday}-${i}-closes`} autoComplete="off" />
                </Form.Item>
                <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} data-testid={`hours-${weekday}-${i}-remove`} />
              </Space>
            ))}
            <Form.ErrorList errors={errors} />
          </Space>
          <Button size="small" icon={<PlusOutlined />} onClick={() => add({ opens: '', closes: '' })} data-testid={`hours-${weekday}-add`}>{t('admin.addSpan')}</Button>
        </div>
      )}
    </Form.List>
  );
}

function WeeklyHoursForm({ libraryId, week, onDone }: { libraryId: string; week: WeekdayHours[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Week>();
  const save = useMutation({
    mutationFn: (v: Week) =>
      api.put<Week>(`/api/libraries/${libraryId}/opening-hours`, {
        weekly: DAYS.map((weekday, i) => ({ weekday, spans: (v.weekly?.[i]?.spans ?? []).map((s) => ({ opens: s.opens.trim(), closes: s.closes.trim() })) })),
      }),
    onSuccess: (w) => {
      qc.setQueryData(['library', libraryId, 'hours'], w);
      void message.success(t('admin.hoursSaved'));
      onDone();
    },
  });
  return (
    <Form form={form} initialValues={{ weekly: week }} onFinish={(v) => save.mutate(v)} data-testid="hours-form">
      <ErrorAlert error={save.error} />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>{t('admin.hoursHelp')}</Typography.Paragraph>
      {week.map((d, i) => <DaySpans key={d.weekday} index={i} weekday={d.weekday} />)}
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" htmlType="submit" disabled={save.isPending} data-testid="hours-save">{t('common.save')}</Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}

export function OpeningHours({ libraryId, editable }: { libraryId: string; editable: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const hours = useQuery({ queryKey: ['library', libraryId, 'hours'], queryFn: () => api.get<Week>(`/api/libraries/${libraryId}/opening-hours`) });
  return (
    <QueryState query={hours}>
      {(h) => editing ? <WeeklyHoursForm libraryId={libraryId} week={fullWeek(h)} onDone={() => setEditing(false)} /> : (
        <>
          {editable && <Button size="small" style={{ marginBottom: 8 }} onClick={() => setEditing(true)} data-testid="edit-hours">{t('admin.editHours')}</Button>}
          <HoursTable week={fullWeek(h)} />
        </>
      )}
    </QueryState>
  );
}
