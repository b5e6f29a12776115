/**
 * Loan rules and the policies they choose. Each rule (library × reader group × item type × location,
 * blank = any) points at a policy; rules are added, repointed and deleted in their table. Policies
 * are shown as a summary of every value, grouped as in the editor (借期与续借 / 数量限制 / 罚款与赔偿 /
 * 预约), and created or edited in one drawer with all their fields (admin/PolicyForm.tsx), money in
 * yuan. A policy still used by a rule or a loan stays, and the server's refusal is said in plain words.
 */
import { App, Button, Card, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { NewPolicyButton } from '../admin/NewPolicyDialog';
import { AUDIENCE_KEYS, PolicyDrawer, type Policy } from '../admin/PolicyForm';
import { AddRuleForm } from '../admin/AddRuleForm';
import { QueryState, ErrorAlert } from '../../shared/PageState';
import { errorMessage } from '../../shared/errors';
import { byId, useLibraryDetails } from '../../shared/libraries';
import { libraryName, yuan } from '../../shared/format';
import { itemsOf } from '../../shared/circulation';
import { groupLabel } from '../../shared/labels';
import type { Group } from '../../shared/types';

interface Rule {
  id: string;
  libraryId: string | null;
  groupCode: string | null;
  itemType: string | null;
  locationId: string | null;
  policyId: string;
}

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

/** Lines of a summary cell; the second and later lines smaller and grey. */
function Lines({ children, testId }: { children: ReactNode[]; testId?: string }) {
  return (
    <div data-testid={testId}>
      {children.filter(Boolean).map((line, i) => (
        <div key={i} style={i ? { color: '#666', fontSize: 12 } : undefined}>{line}</div>
      ))}
    </div>
  );
}

function PoliciesTable({ policies }: { policies: Policy[] }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Policy | null>(null);
  const del = useDelete('circ-policies', t('rules.policyDeleted'));
  return (
    <>
      <div data-testid="policies-error"><ErrorAlert error={del.error} /></div>
      <Table size="small" rowKey="id" pagination={false} dataSource={policies} scroll={{ x: true }} data-testid="policies"
        columns={[
          {
            title: t('rules.policy'),
            render: (_, p) => (
              <Space direction="vertical" size={2}>
                <span>{p.name} <Tag>{p.code}</Tag></span>
                <Space size={2} wrap>
                  {!p.loanable && <Tag color="red">{t('rules.notLoanable')}</Tag>}
                  {p.audience !== 'any' && <Tag color="blue">{t(AUDIENCE_KEYS[p.audience])}</Tag>}
                </Space>
              </Space>
            ),
          },
          {
            title: t('rules.groupLoan'),
            render: (_, p) => (
              <Lines testId={`policy-loan-${p.code}`}>
                {[
                  p.loanHours !== null ? t('rules.periodHours', { count: p.loanHours }) : t('rules.periodDays', { count: p.loanDays ?? 0 }),
                  t('rules.renewTimes', { count: p.renewals }),
                  p.renewals > 0 && p.renewWhenHoldsWaiting && t('rules.renewWhileWaiting'),
                ]}
              </Lines>
            ),
          },
          {
            title: t('rules.groupLimits'),
            render: (_, p) => (
              <Lines testId={`policy-limits-${p.code}`}>
                {[
                  p.maxLoansTotal !== null ? t('rules.maxLoansShort', { count: p.maxLoansTotal }) : t('rules.maxLoansByGroup'),
                  p.maxLoansOfType !== null && t('rules.maxOfTypeShort', { count: p.maxLoansOfType }),
                  t('rules.blockWhen', { overdue: p.maxOverdueItems, owed: yuan(p.maxOwedFen) }),
                ]}
              </Lines>
            ),
          },
          {
            title: t('rules.groupFines'),
            render: (_, p) => (
              <Lines testId={`policy-fines-${p.code}`}>
                {[
                  t('rules.fineShort', { amount: yuan(p.finePerDayFen) }),
                  t('rules.graceShort', { count: p.graceDays }),
                  p.fineCapFen !== null ? t('rules.capShort', { amount: yuan(p.fineCapFen) }) : t('rules.capItemPrice'),
                  t('rules.lostShort', { fee: p.lostFeeFen !== null ? yuan(p.lostFeeFen) : t('rules.itemPrice'), processing: yuan(p.lostProcessingFeeFen) }),
                ]}
              </Lines>
            ),
          },
          {
            title: t('rules.groupHolds'),
            render: (_, p) => (
              <Lines testId={`policy-holds-${p.code}`}>
                {p.holdsAllowed
                  ? [t('rules.holdsShort', { count: p.maxHolds }), p.holdShelfDays !== null ? t('rules.shelfShort', { count: p.holdShelfDays }) : t('rules.shelfByPickup')]
                  : [t('rules.holdsOff')]}
              </Lines>
            ),
          },
          {
            title: '',
            render: (_, p) => (
              <Space size={4}>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} data-testid={`edit-policy-${p.code}`}>{t('common.edit')}</Button>
                <DeleteButton testId={`delete-policy-${p.code}`} onConfirm={() => del.remove(`/api/circulation/policies/${p.id}`)} />
              </Space>
            ),
          },
        ]}
      />
      {editing && <PolicyDrawer policy={editing} onClose={() => setEditing(null)} />}
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
