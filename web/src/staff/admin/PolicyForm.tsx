/**
 * One loan policy (借阅政策) as a form, the same for a new policy and for editing one: every value
 * the circulation rules use, grouped as a librarian thinks of them (借期与续借 / 数量限制 /
 * 罚款与赔偿 / 预约). Money is entered in yuan and sent in fen; the loan period is days or hours
 * (a unit and one number, so never both or neither). The ranges are the server's (circulation
 * dto.ts), checked before sending; what the server still refuses is said in plain words, on the
 * field it concerns when it names one.
 */
import { Alert, App, Button, Col, Divider, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, Switch } from 'antd';
import type { FormInstance, FormRule as Rule } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from 'i18next';
import { api } from '../api';
import { ApiError } from '../../shared/api';
import { errorMessage } from '../../shared/errors';

export type Audience = 'any' | 'adult' | 'children';

/** A loan policy as GET /api/circulation/policies returns it (money in fen). */
export interface Policy {
  id: string;
  code: string;
  name: string;
  loanable: boolean;
  loanDays: number | null;
  loanHours: number | null;
  renewals: number;
  renewWhenHoldsWaiting: boolean;
  /** null: the reader group's limit only */
  maxLoansTotal: number | null;
  /** null: no separate limit per item type */
  maxLoansOfType: number | null;
  audience: Audience;
  graceDays: number;
  finePerDayFen: number;
  /** null: capped at the item's price (uncapped when it has none) */
  fineCapFen: number | null;
  /** null: the item's price */
  lostFeeFen: number | null;
  lostProcessingFeeFen: number;
  holdsAllowed: boolean;
  maxHolds: number;
  /** null: the pickup service point's days */
  holdShelfDays: number | null;
  maxOwedFen: number;
  maxOverdueItems: number;
}

export const AUDIENCE_KEYS: Record<Audience, string> = { any: 'rules.audienceAny', adult: 'rules.audienceAdult', children: 'rules.audienceChildren' };
export const POLICY_CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** The form's values: money in yuan, the loan period as a number and its unit. */
export interface PolicyFormValues {
  code: string;
  name: string;
  loanable: boolean;
  audience: Audience;
  period: number | null;
  unit: 'days' | 'hours';
  renewals: number;
  renewWhenHoldsWaiting: boolean;
  maxLoansTotal: number | null;
  maxLoansOfType: number | null;
  maxOverdueItems: number;
  maxOwed: number;
  finePerDay: number;
  graceDays: number;
  fineCap: number | null;
  lostFee: number | null;
  lostProcessingFee: number;
  holdsAllowed: boolean;
  maxHolds: number;
  holdShelfDays: number | null;
}

type Field = keyof PolicyFormValues;

/** Whole-number fields and the server's ranges (src/modules/circulation/dto.ts). */
const WHOLE: Partial<Record<Field, [number, number]>> = {
  renewals: [0, 99], maxLoansTotal: [0, 1000], maxLoansOfType: [0, 1000], maxOverdueItems: [1, 1000], graceDays: [0, 365],
  maxHolds: [0, 1000], holdShelfDays: [1, 90],
};
const PERIOD = { days: [0, 3650], hours: [1, 8784] } as const;
/** The server takes at most 100 000 000 fen. */
const MAX_YUAN = 1_000_000;
const MONEY: Field[] = ['maxOwed', 'finePerDay', 'fineCap', 'lostFee', 'lostProcessingFee'];

/** The server's field (fen, days/hours) -> the form's. */
const FROM_SERVER: Record<string, Field> = {
  loanDays: 'period', loanHours: 'period', finePerDayFen: 'finePerDay', fineCapFen: 'fineCap', lostFeeFen: 'lostFee',
  lostProcessingFeeFen: 'lostProcessingFee', maxOwedFen: 'maxOwed',
};

const toYuan = (fen: number | null) => (fen === null ? null : fen / 100);
const toFen = (yuan: number | null | undefined) => (yuan === null || yuan === undefined ? null : Math.round(yuan * 100));

/** What a new policy starts with: the server's defaults, 30 days and 0.10 yuan a day. */
export const NEW_POLICY: Omit<PolicyFormValues, 'code' | 'name'> = {
  loanable: true, audience: 'any', period: 30, unit: 'days', renewals: 2, renewWhenHoldsWaiting: false, maxLoansTotal: null,
  maxLoansOfType: null, maxOverdueItems: 1, maxOwed: 50, finePerDay: 0.1, graceDays: 0, fineCap: null, lostFee: null,
  lostProcessingFee: 0, holdsAllowed: true, maxHolds: 10, holdShelfDays: null,
};

export function policyToValues(p: Policy): PolicyFormValues {
  return {
    code: p.code, name: p.name, loanable: p.loanable, audience: p.audience,
    period: p.loanHours !== null ? p.loanHours : p.loanDays, unit: p.loanHours !== null ? 'hours' : 'days',
    renewals: p.renewals, renewWhenHoldsWaiting: p.renewWhenHoldsWaiting,
    maxLoansTotal: p.maxLoansTotal, maxLoansOfType: p.maxLoansOfType, maxOverdueItems: p.maxOverdueItems, maxOwed: toYuan(p.maxOwedFen)!,
    finePerDay: toYuan(p.finePerDayFen)!, graceDays: p.graceDays, fineCap: toYuan(p.fineCapFen), lostFee: toYuan(p.lostFeeFen),
    lostProcessingFee: toYuan(p.lostProcessingFeeFen)!,
    holdsAllowed: p.holdsAllowed, maxHolds: p.maxHolds, holdShelfDays: p.holdShelfDays,
  };
}

/** The body for POST (every field) or PATCH (every field but the code, which stays). */
export function valuesToBody(v: PolicyFormValues): Omit<Policy, 'id'> {
  const blank = (x: number | null | undefined) => (x === undefined ? null : x);
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    loanable: v.loanable,
    audience: v.audience,
    loanDays: v.unit === 'days' ? v.period : null,
    loanHours: v.unit === 'hours' ? v.period : null,
    renewals: v.renewals,
    renewWhenHoldsWaiting: v.renewWhenHoldsWaiting,
    maxLoansTotal: blank(v.maxLoansTotal),
    maxLoansOfType: blank(v.maxLoansOfType),
    maxOverdueItems: v.maxOverdueItems,
    maxOwedFen: toFen(v.maxOwed)!,
    finePerDayFen: toFen(v.finePerDay)!,
    graceDays: v.graceDays,
    fineCapFen: toFen(v.fineCap),
    lostFeeFen: toFen(v.lostFee),
    lostProcessingFeeFen: toFen(v.lostProcessingFee)!,
    holdsAllowed: v.holdsAllowed,
    maxHolds: v.maxHolds,
    holdShelfDays: blank(v.holdShelfDays),
  };
}

const reject = (text: string) => Promise.reject(new Error(text));
const blankValue = (v: unknown) => v === null || v === undefined || v === '';

function wholeRule(field: Field, required: boolean): Rule {
  const [min, max] = WHOLE[field]!;
  return {
    validator: (_, v: number | null | undefined) => {
      if (blankValue(v)) return required ? reject(i18n.t('rules.numberRule', { min, max })) : Promise.resolve();
      return Number.isInteger(v) && v! >= min && v! <= max ? Promise.resolve() : reject(i18n.t('rules.numberRule', { min, max }));
    },
  };
}

function yuanRule(required: boolean): Rule {
  return {
    validator: (_, v: number | null | undefined) => {
      const text = i18n.t('rules.yuanRule', { max: MAX_YUAN });
      if (blankValue(v)) return required ? reject(text) : Promise.resolve();
      const fen = v! * 100;
      return v! >= 0 && v! <= MAX_YUAN && Math.abs(fen - Math.round(fen)) < 1e-6 ? Promise.resolve() : reject(text);
    },
  };
}

function periodRule(form: FormInstance<PolicyFormValues>): Rule {
  return {
    validator: (_, v: number | null | undefined) => {
      const unit: 'days' | 'hours' = form.getFieldValue('unit') ?? 'days';
      const [min, max] = PERIOD[unit];
      if (blankValue(v)) return reject(i18n.t('rules.periodRequired'));
      return Number.isInteger(v) && v! >= min && v! <= max ? Promise.resolve() : reject(i18n.t('rules.numberRule', { min, max }));
    },
  };
}

/** The message a field shows when the server refused its value. */
function fieldMessage(field: Field): string {
  if (field === 'period') return i18n.t('errors.INVALID_LOAN_PERIOD');
  if (field === 'code') return i18n.t('rules.policyCodeRule');
  if (field === 'name') return i18n.t('admin.nameRequired');
  if (MONEY.includes(field)) return i18n.t('rules.yuanRule', { max: MAX_YUAN });
  const range = WHOLE[field];
  if (range) return i18n.t('rules.numberRule', { min: range[0], max: range[1] });
  return i18n.t('rules.serverValue');
}

/**
 * Puts the server's refusal on the fields it names. Returns the sentence for the top of the form:
 * the server's words for the whole policy, or "correct the marked fields".
 */
export function showRefusal(form: FormInstance<PolicyFormValues>, err: unknown): string {
  if (!(err instanceof ApiError)) return errorMessage(err);
  const mark = (fields: Field[], text?: string) => form.setFields(fields.map((name) => ({ name, errors: [text ?? fieldMessage(name)] })));
  switch (err.code) {
    case 'INVALID_LOAN_PERIOD':
      mark(['period']);
      return errorMessage(err);
    case 'INVALID_CODE':
      mark(['code']);
      return i18n.t('rules.policyCodeRule'); // errors.INVALID_CODE describes library codes
    case 'POLICY_CODE_TAKEN':
      mark(['code'], errorMessage(err));
      return errorMessage(err);
    case 'INVALID_REQUEST': {
      const issues = (err.details as { issues?: { path?: string }[] } | undefined)?.issues ?? [];
      const known = new Set<Field>(Object.keys(NEW_POLICY).concat('code', 'name') as Field[]);
      const fields = new Set<Field>();
      for (const issue of issues) {
        const name = (issue.path ?? '').split(/[/.]/).filter(Boolean).pop() ?? '';
        const field = (FROM_SERVER[name] ?? name) as Field;
        if (known.has(field)) fields.add(field);
      }
      if (!fields.size) return errorMessage(err);
      mark([...fields]);
      return i18n.t('rules.serverFields');
    }
    default:
      return errorMessage(err);
  }
}

function Section({ title }: { title: string }) {
  return <Divider orientation="left" orientationMargin={0} style={{ margin: '4px 0 12px' }}>{title}</Divider>;
}

/** The fields of a policy; `editing` keeps the code as it is (rules and the audit trail know policies by it). */
export function PolicyForm({ form, editing, initialValues, onFinish, top }: {
  form: FormInstance<PolicyFormValues>;
  editing: boolean;
  initialValues: Partial<PolicyFormValues>;
  onFinish: (v: PolicyFormValues) => void;
  top?: ReactNode;
}) {
  const { t } = useTranslation();
  // no min/max on the inputs: an out-of-range value is said in words by the rules, not silently clamped
  const num = (field: Field) => <InputNumber precision={0} style={{ width: '100%' }} data-testid={`policy-${field}`} />;
  const money = (field: Field) => <InputNumber step={0.1} precision={2} addonBefore="¥" style={{ width: '100%' }} data-testid={`policy-${field}`} />;
  return (
    <Form form={form} layout="vertical" onFinish={onFinish} initialValues={initialValues} requiredMark={false} scrollToFirstError={{ block: 'center' }} data-testid="policy-form">
      {top}
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item name="code" label={t('rules.policyCode')} extra={editing ? t('rules.codeFixed') : undefined} rules={[{ required: true, pattern: POLICY_CODE, message: t('rules.policyCodeRule') }]}>
            <Input autoFocus={!editing} disabled={editing} autoComplete="off" placeholder="short-loan" data-testid="policy-code" />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true, max: 200, message: t('admin.nameRequired') }]}>
            <Input data-testid="policy-name" />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="loanable" label={t('rules.loanable')} valuePropName="checked" extra={t('rules.loanableHelp')}><Switch size="small" data-testid="policy-loanable" /></Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="audience" label={t('rules.audience')} extra={t('rules.audienceHelp')}>
            <Select data-testid="policy-audience" options={Object.entries(AUDIENCE_KEYS).map(([value, key]) => ({ value, label: t(key) }))} />
          </Form.Item>
        </Col>
      </Row>

      <Section title={t('rules.groupLoan')} />
      <Row gutter={12}>
        <Col span={16}>
          {/* one number and its unit: days or hours, never both or neither; the number's error shows here */}
          <Form.Item label={t('rules.loanPeriod')} extra={t('rules.periodHelp', { dayMax: PERIOD.days[1], hourMax: PERIOD.hours[1] })}>
            <Space.Compact block>
              <Form.Item name="period" noStyle rules={[periodRule(form)]} dependencies={['unit']}>
                <InputNumber precision={0} style={{ width: '50%' }} data-testid="policy-period" />
              </Form.Item>
              <Form.Item name="unit" noStyle>
                <Radio.Group optionType="button" data-testid="policy-unit"
                  options={[{ value: 'days', label: t('rules.unitDays') }, { value: 'hours', label: t('rules.unitHours') }]} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="renewals" label={t('rules.renewals')} rules={[wholeRule('renewals', true)]}>{num('renewals')}</Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="renewWhenHoldsWaiting" valuePropName="checked" label={t('rules.renewWhenHoldsWaiting')} extra={t('rules.renewWhenHoldsWaitingHelp')}>
            <Switch size="small" data-testid="policy-renewWhenHoldsWaiting" />
          </Form.Item>
        </Col>
      </Row>

      <Section title={t('rules.groupLimits')} />
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="maxLoansTotal" label={t('rules.maxLoans')} extra={t('rules.maxLoansHelp')} rules={[wholeRule('maxLoansTotal', false)]}>{num('maxLoansTotal')}</Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="maxLoansOfType" label={t('rules.maxLoansOfType')} extra={t('rules.maxLoansOfTypeHelp')} rules={[wholeRule('maxLoansOfType', false)]}>{num('maxLoansOfType')}</Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="maxOverdueItems" label={t('rules.maxOverdueItems')} extra={t('rules.maxOverdueItemsHelp')} rules={[wholeRule('maxOverdueItems', true)]}>{num('maxOverdueItems')}</Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="maxOwed" label={t('rules.maxOwedYuan')} extra={t('rules.maxOwedHelp')} rules={[yuanRule(true)]}>{money('maxOwed')}</Form.Item>
        </Col>
      </Row>

      <Section title={t('rules.groupFines')} />
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="finePerDay" label={t('rules.finePerDayYuan')} rules={[yuanRule(true)]}>{money('finePerDay')}</Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="graceDays" label={t('rules.graceDays')} extra={t('rules.graceDaysHelp')} rules={[wholeRule('graceDays', true)]}>{num('graceDays')}</Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="fineCap" label={t('rules.fineCapYuan')} extra={t('rules.fineCapHelp')} rules={[yuanRule(false)]}>{money('fineCap')}</Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="lostFee" label={t('rules.lostFeeYuan')} extra={t('rules.lostFeeHelp')} rules={[yuanRule(false)]}>{money('lostFee')}</Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="lostProcessingFee" label={t('rules.lostProcessingFeeYuan')} rules={[yuanRule(true)]}>{money('lostProcessingFee')}</Form.Item>
        </Col>
      </Row>

      <Section title={t('rules.groupHolds')} />
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="holdsAllowed" valuePropName="checked" label={t('rules.holdsAllowed')}><Switch size="small" data-testid="policy-holdsAllowed" /></Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="maxHolds" label={t('rules.maxHolds')} rules={[wholeRule('maxHolds', true)]}>{num('maxHolds')}</Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="holdShelfDays" label={t('rules.holdShelfDays')} extra={t('rules.holdShelfDaysHelp')} rules={[wholeRule('holdShelfDays', false)]}>
            {num('holdShelfDays')}
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}

/**
 * A drawer with the policy form: a new policy (policy = null) or one to edit. Saving puts the
 * server's answer into the policies list at once.
 */
export function PolicyDrawer({ policy, onClose }: { policy: Policy | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<PolicyFormValues>();
  const editing = policy !== null;
  const [refusal, setRefusal] = useState<string | null>(null);
  const top = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // the refusal is said at the top of a long form: bring it into view
    if (refusal) top.current?.scrollIntoView({ block: 'nearest' });
  }, [refusal]);
  const save = useMutation({
    onMutate: () => setRefusal(null),
    onError: (err) => setRefusal(showRefusal(form, err)),
    mutationFn: (v: PolicyFormValues) => {
      const body = valuesToBody(v);
      if (!policy) return api.post<Policy>('/api/circulation/policies', body);
      const { code: _code, ...changes } = body;
      return api.patch<Policy>(`/api/circulation/policies/${policy.id}`, changes);
    },
    onSuccess: (saved) => {
      qc.setQueryData<Policy[]>(['circ-policies'], (list) =>
        list && (editing ? list.map((p) => (p.id === saved.id ? saved : p)) : [...list, saved].sort((a, b) => a.code.localeCompare(b.code))));
      void qc.invalidateQueries({ queryKey: ['circ-policies'] });
      void message.success(editing ? t('rules.policySaved', { name: saved.name }) : t('rules.policyCreated'));
      onClose();
    },
  });
  return (
    <Drawer open onClose={onClose} width={640}
      title={editing ? t('rules.editPolicy', { name: policy.name }) : t('rules.newPolicy')}
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose} data-testid="policy-cancel">{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="policy-save">{t('common.save')}</Button>
        </Space>
      }>
      <PolicyForm form={form} editing={editing} initialValues={policy ? policyToValues(policy) : NEW_POLICY} onFinish={(v) => save.mutate(v)}
        top={<div ref={top}>{refusal && <Alert type="error" showIcon message={refusal} data-state="error" data-testid="policy-refused" style={{ marginBottom: 12 }} />}</div>} />
    </Drawer>
  );
}
