/**
 * Loan rules as an editable table: each rule (library × reader group × item type × location, blank
 * = any) chooses a policy; rules are added and deleted here. Policies are created here and their
 * values (days, renewals, limits, fines) edited in place; one still used by a rule or a loan stays,
 * and the server's refusal is said in plain words.
 */
import { App, Button, Card, InputNumber, Popconfirm, Select, Space, Switch, Table, Tag } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { NewPolicyButton } from '../admin/NewPolicyDialog';
import { AddRuleForm } from '../admin/AddRuleForm';
import { QueryState, ErrorAlert } from '../../shared/PageState';
import { errorMessage } from '../../shared/errors';
import { byId, useLibraryDetails } from '../../shared/libraries';
import { libraryName, yuan } from '../../shared/format';
import { itemsOf } from '../../shared/circulation';
import { groupLabel } from '../../shared/labels';
import type { Group } from '../../shared/types';

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

/** Deleting a row: confirmed first; the server's refusal (still in use, the catch-all) stays on screen until the next try. */
function useDelete(queryKey: string, done: string) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const remove = async (path: string) => {
    setError(null);
    try {
      await api.del(path);
      void qc.invalidateQueries({ queryKey: [queryKey] });
      void message.success(done);
    } catch (err) {
      setError(err);
    }
  };
  return { error, remove };
}

function DeleteButton({ onConfirm, testId }: { onConfirm: () => Promise<void>; testId: string }) {
  const { t } = useTranslation();
  return (
    <Popconfirm title={t('rules.deleteConfirm')} okText={t('common.delete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true, 'data-testid': 'confirm-delete' } as React.ComponentProps<typeof Button>} onConfirm={onConfirm}>
      <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid={testId} />
    </Popconfirm>
  );
}

function PoliciesTable({ policies }: { policies: Policy[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Record<string, Partial<Policy>>>({});
  const del = useDelete('circ-policies', t('rules.policyDeleted'));
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
    <>
      <div data-testid="policies-error"><ErrorAlert error={del.error} /></div>
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
          {
            title: '',
            render: (_, p) => (
              <Space size={4}>
                <Button size="small" type="primary" disabled={!draft[p.id] || !Object.keys(draft[p.id]).length} onClick={() => void save(p)}>{t('common.save')}</Button>
                <DeleteButton testId={`delete-policy-${p.code}`} onConfirm={() => del.remove(`/api/circulation/policies/${p.id}`)} />
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}

function RulesTable({ rules, policies }: { rules: Rule[]; policies: Policy[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const details = useLibraryDetails(api).data;
  const libs = byId(details);
  const locations = byId((details ?? []).flatMap((l) => l.locations));
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => api.get<Group[]>('/api/patrons/groups') }).data;
  const groupName = (code: string) => {
    const g = groups?.find((x) => x.code === code);
    return g ? groupLabel(g) : code;
  };
  const del = useDelete('circ-rules', t('rules.ruleDeleted'));
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
    <>
      <div data-testid="rules-error"><ErrorAlert error={del.error} /></div>
      <Table size="small" rowKey="id" pagination={false} dataSource={rules} data-testid="rules"
        columns={[
          { title: t('rules.library'), render: (_, r) => (r.libraryId ? libraryName(libs.get(r.libraryId)) : any) },
          { title: t('rules.group'), render: (_, r) => (r.groupCode ? groupName(r.groupCode) : any) },
          { title: t('rules.itemType'), render: (_, r) => r.itemType ?? any },
          { title: t('rules.location'), render: (_, r) => (r.locationId ? (locations.has(r.locationId) ? libraryName(locations.get(r.locationId)) : r.locationId.slice(0, 8)) : any) },
          { title: t('rules.policy'), render: (_, r) => <Select size="small" style={{ minWidth: 180 }} value={r.policyId} onChange={(v) => void setPolicy(r, v)} options={policies.map((p) => ({ value: p.id, label: p.name }))} /> },
          { title: '', render: (_, r) => <DeleteButton testId="delete-rule" onConfirm={() => del.remove(`/api/circulation/rules/${r.id}`)} /> },
        ]}
      />
    </>
  );
}

export function LoanRulesPage() {
  const { t } = useTranslation();
  const policies = useQuery({ queryKey: ['circ-policies'], queryFn: async () => itemsOf(await api.get<{ items: Policy[] }>('/api/circulation/policies')) });
  const rules = useQuery({ queryKey: ['circ-rules'], queryFn: async () => itemsOf(await api.get<{ items: Rule[] }>('/api/circulation/rules')) });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={t('rules.policies')} extra={<NewPolicyButton />}>
        <QueryState query={policies} isEmpty={(l) => !l.length}>{(p) => <PoliciesTable policies={p} />}</QueryState>
      </Card>
      <Card size="small" title={t('rules.rules')} extra={<span style={{ color: '#888' }}>{t('rules.howMatched')}</span>}>
        {policies.data && <AddRuleForm policies={policies.data} />}
        <QueryState query={rules} isEmpty={(l) => !l.length}>{(r) => <RulesTable rules={r} policies={policies.data ?? []} />}</QueryState>
      </Card>
    </Space>
  );
}
