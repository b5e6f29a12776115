/**
 * Loan rules as an editable table: each rule (library × reader group × item type × location, blank
 * = any) chooses a policy; each policy's values (days, renewals, limits, fines) are edited in place.
 */
import { App, Button, Card, InputNumber, Select, Space, Switch, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { QueryState } from '../../shared/PageState';
import { errorMessage } from '../../shared/errors';
import { byId, useLibraries } from '../../shared/libraries';
import { libraryName, yuan } from '../../shared/format';
import { itemsOf } from '../../shared/circulation';

interface Policy {
  id: string;
  code: string;
  name: string;
  loanable: boolean;
  loanDays: number | null;
  loanHours: number | null;
  renewals: number;
  maxLoansTotal: number | null;
  finePerDayFen: number;
  maxHolds: number;
  maxOwedFen: number;
  [k: string]: unknown;
}

interface Rule {
  id: string;
  libraryId: string | null;
  groupCode: string | null;
  itemType: string | null;
  locationId: string | null;
  policyId: string;
}

type Editable = 'loanDays' | 'renewals' | 'maxLoansTotal' | 'finePerDayFen' | 'maxHolds' | 'maxOwedFen';

function PoliciesTable({ policies }: { policies: Policy[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Record<string, Partial<Policy>>>({});
  const save = async (p: Policy) => {
    try {
      await api.patch(`/api/circulation/policies/${p.id}`, draft[p.id]);
      setDraft((d) => ({ ...d, [p.id]: {} }));
      void qc.invalidateQueries({ queryKey: ['circ-policies'] });
      void message.success(t('rules.saved'));
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  const num = (p: Policy, k: Editable) => (
    <InputNumber
      size="small"
      min={0}
      style={{ width: 90 }}
      value={(draft[p.id]?.[k] ?? p[k]) as number | null}
      onChange={(v) => setDraft((d) => ({ ...d, [p.id]: { ...d[p.id], [k]: v } }))}
    />
  );
  return (
    <Table size="small" rowKey="id" pagination={false} dataSource={policies} scroll={{ x: true }} data-testid="policies"
      columns={[
        { title: t('rules.policy'), render: (_, p) => <span>{p.name} <Tag>{p.code}</Tag></span> },
        { title: t('rules.loanable'), render: (_, p) => <Switch size="small" checked={(draft[p.id]?.loanable ?? p.loanable) as boolean} onChange={(v) => setDraft((d) => ({ ...d, [p.id]: { ...d[p.id], loanable: v } }))} /> },
        { title: t('rules.loanDays'), render: (_, p) => num(p, 'loanDays') },
        { title: t('rules.renewals'), render: (_, p) => num(p, 'renewals') },
        { title: t('rules.maxLoans'), render: (_, p) => num(p, 'maxLoansTotal') },
        { title: t('rules.finePerDay'), render: (_, p) => <span>{num(p, 'finePerDayFen')} <span style={{ color: '#888' }}>{yuan((draft[p.id]?.finePerDayFen ?? p.finePerDayFen) as number)}</span></span> },
        { title: t('rules.maxHolds'), render: (_, p) => num(p, 'maxHolds') },
        { title: t('rules.maxOwed'), render: (_, p) => num(p, 'maxOwedFen') },
        { title: '', render: (_, p) => <Button size="small" type="primary" disabled={!draft[p.id] || !Object.keys(draft[p.id]).length} onClick={() => void save(p)}>{t('common.save')}</Button> },
      ]}
    />
  );
}

function RulesTable({ rules, policies }: { rules: Rule[]; policies: Policy[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const libs = byId(useLibraries(api).data);
  const setPolicy = async (r: Rule, policyId: string) => {
    try {
      await api.patch(`/api/circulation/rules/${r.id}`, { policyId });
      void qc.invalidateQueries({ queryKey: ['circ-rules'] });
      void message.success(t('rules.saved'));
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  const any = <span style={{ color: '#999' }}>{t('rules.any')}</span>;
  return (
    <Table size="small" rowKey="id" pagination={false} dataSource={rules} data-testid="rules"
      columns={[
        { title: t('rules.library'), render: (_, r) => (r.libraryId ? libraryName(libs.get(r.libraryId)) : any) },
        { title: t('rules.group'), render: (_, r) => r.groupCode ?? any },
        { title: t('rules.itemType'), render: (_, r) => r.itemType ?? any },
        { title: t('rules.location'), render: (_, r) => (r.locationId ? r.locationId.slice(0, 8) : any) },
        { title: t('rules.policy'), render: (_, r) => <Select size="small" style={{ minWidth: 180 }} value={r.policyId} onChange={(v) => void setPolicy(r, v)} options={policies.map((p) => ({ value: p.id, label: p.name }))} /> },
      ]}
    />
  );
}

export function LoanRulesPage() {
  const { t } = useTranslation();
  const policies = useQuery({ queryKey: ['circ-policies'], queryFn: async () => itemsOf(await api.get<{ items: Policy[] }>('/api/circulation/policies')) });
  const rules = useQuery({ queryKey: ['circ-rules'], queryFn: async () => itemsOf(await api.get<{ items: Rule[] }>('/api/circulation/rules')) });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={t('rules.policies')}>
        <QueryState query={policies} isEmpty={(l) => !l.length}>{(p) => <PoliciesTable policies={p} />}</QueryState>
      </Card>
      <Card size="small" title={t('rules.rules')} extra={<span style={{ color: '#888' }}>{t('rules.howMatched')}</span>}>
        <QueryState query={rules} isEmpty={(l) => !l.length}>{(r) => <RulesTable rules={r} policies={policies.data ?? []} />}</QueryState>
      </Card>
    </Space>
  );
}
