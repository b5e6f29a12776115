/**
 * Registration (办证): the ID document is checked before sending (GB 11643 check digit and birth
 * date for resident ID cards) and shown masked once typed; the server stores it only hashed,
 * encrypted and masked.
 */
import { Alert, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useStaff } from '../session';
import { ErrorAlert } from '../../shared/PageState';
import { ID_TYPES, groupLabel, idTypeLabel } from '../../shared/labels';
import { isValidIdNumber, isValidPhone, maskIdNumber, normalizeIdNumber } from '../../shared/id-number';
import { yuan } from '../../shared/format';
import type { Group, Patron } from '../../shared/types';

interface RegisterForm {
  name: string;
  idType: string;
  idNumber: string;
  phone?: string;
  groupCode: string;
  cardNumber?: string;
  pin?: string;
}

export function RegisterReaderPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useStaff();
  const [form] = Form.useForm<RegisterForm>();
  const [idFocused, setIdFocused] = useState(false);
  const idType = Form.useWatch('idType', form) ?? 'resident_id';
  const idNumber = Form.useWatch('idNumber', form) ?? '';
  const groupCode = Form.useWatch('groupCode', form);
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => api.get<Group[]>('/api/patrons/groups') });
  const register = useMutation({
    mutationFn: (v: RegisterForm) =>
      api.post<Patron>('/api/patrons', {
        name: v.name.trim(),
        idType: v.idType,
        idNumber: normalizeIdNumber(v.idNumber),
        phone: v.phone?.trim() || null,
        groupCode: v.groupCode,
        pin: v.pin || undefined,
        card: v.cardNumber ? { kind: 'barcode', number: v.cardNumber.trim() } : undefined,
        homeLibraryId: user?.libraryId ?? undefined,
      }),
    onSuccess: (p) => navigate(`/readers/${p.id}?registered=1`),
  });
  const selectedGroup = groups.data?.find((g) => g.code === groupCode);
  return (
    <Card title={t('register.heading')} style={{ maxWidth: 720 }}>
      <ErrorAlert error={register.error} />
      <Form<RegisterForm> form={form} layout="vertical" onFinish={(v) => register.mutate(v)} initialValues={{ idType: 'resident_id', groupCode: 'adult' }} data-testid="register-form">
        <Form.Item name="name" label={t('register.name')} rules={[{ required: true, whitespace: true, message: t('register.nameRequired') }]}>
          <Input autoFocus data-testid="reg-name" />
        </Form.Item>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="idType" label={t('register.idType')} style={{ width: 240 }}>
            <Select options={ID_TYPES.map((v) => ({ value: v, label: idTypeLabel(v) }))} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('register.idNumber')}
            style={{ flex: 1 }}
            validateFirst
            rules={[
              { required: true, message: t('register.idRequired') },
              { validator: (_, v: string) => (!v || isValidIdNumber(form.getFieldValue('idType'), v) ? Promise.resolve() : Promise.reject(new Error(t(form.getFieldValue('idType') === 'resident_id' ? 'register.idInvalidResident' : 'register.idInvalidOther')))) },
            ]}
          >
            <Input
              autoComplete="off"
              data-testid="reg-id"
              type={idFocused ? 'text' : 'password'}
              onFocus={() => setIdFocused(true)}
              onBlur={() => setIdFocused(false)}
            />
          </Form.Item>
        </Space.Compact>
        {idNumber && isValidIdNumber(idType, idNumber) && (
          <Typography.Paragraph type="secondary" data-testid="reg-id-masked">{t('register.idStoredAs', { masked: maskIdNumber(idNumber) })}</Typography.Paragraph>
        )}
        <Form.Item name="phone" label={t('register.phone')} rules={[{ validator: (_, v: string) => (!v || isValidPhone(v) ? Promise.resolve() : Promise.reject(new Error(t('errors.PHONE_INVALID')))) }]}>
          <Input autoComplete="off" data-testid="reg-phone" inputMode="tel" />
        </Form.Item>
        <Form.Item name="groupCode" label={t('register.group')} rules={[{ required: true }]}>
          <Select loading={groups.isPending} data-testid="reg-group" options={(groups.data ?? []).map((g) => ({ value: g.code, label: `${groupLabel(g)}（${t('register.groupDeposit', { deposit: yuan(g.depositFen), max: g.maxLoans })}）` }))} />
        </Form.Item>
        {selectedGroup && selectedGroup.depositFen > 0 && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('register.depositNote', { deposit: yuan(selectedGroup.depositFen) })} />}
        <Form.Item name="cardNumber" label={t('register.cardNumber')} extra={t('register.cardNumberHelp')} rules={[{ min: 4, max: 40, message: t('register.cardNumberLength') }]}>
          <Input autoComplete="off" data-testid="reg-card" />
        </Form.Item>
        <Form.Item name="pin" label={t('register.pin')} extra={t('register.pinHelp')} rules={[{ pattern: /^\d{4,8}$/, message: t('errors.PIN_FORMAT') }]}>
          <Input.Password autoComplete="new-password" data-testid="reg-pin" inputMode="numeric" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={register.isPending} data-testid="reg-submit">{t('register.submit')}</Button>
      </Form>
    </Card>
  );
}
