/**
 * The frame of every staff screen: the menu, the service point this workstation serves, the
 * language switch and sign-out. Function keys reach the desk screens without a mouse:
 * F2 check-out, F3 check-in, F4 renew, F6 readers.
 */
import { Button, Layout, Menu, Space, Typography } from 'antd';
import {
  BarChartOutlined, BookOutlined, CalendarOutlined, CloudUploadOutlined, FundOutlined, ScheduleOutlined, ImportOutlined, LogoutOutlined, ExportOutlined, ProfileOutlined, RetweetOutlined,
  SettingOutlined, TeamOutlined, UnorderedListOutlined,
} from '@ant-design/icons';
import { useEffect, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../shared/LanguageSwitch';
import { useStaff } from '../session';
import { ServicePointPicker } from './ServicePointPicker';

const KEYS: Record<string, string> = { F2: '/desk', F3: '/check-in', F4: '/renew', F6: '/readers' };

export function StaffLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user, signOut } = useStaff();
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const to = KEYS[e.key];
      if (to) {
        e.preventDefault();
        navigate(to);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
  const items = [
    { key: '/desk', icon: <ExportOutlined />, label: `${t('nav.checkOut')} F2` },
    { key: '/check-in', icon: <ImportOutlined />, label: `${t('nav.checkIn')} F3` },
    { key: '/renew', icon: <RetweetOutlined />, label: `${t('nav.renew')} F4` },
    { key: '/readers', icon: <TeamOutlined />, label: `${t('nav.readers')} F6` },
    { key: '/catalog', icon: <BookOutlined />, label: t('nav.catalog') },
    { key: '/import', icon: <CloudUploadOutlined />, label: t('nav.import') },
    { key: '/work-lists', icon: <UnorderedListOutlined />, label: t('nav.workLists') },
    { key: '/bookings', icon: <ScheduleOutlined />, label: t('nav.bookings') },
    { key: '/events', icon: <CalendarOutlined />, label: t('nav.eventsAdmin') },
    {
      key: 'admin', icon: <SettingOutlined />, label: t('nav.admin'),
      children: [
        { key: '/admin/libraries', label: t('nav.libraries') },
        { key: '/admin/loan-rules', label: t('nav.loanRules') },
        { key: '/admin/staff', label: t('nav.staffUsers') },
        { key: '/spaces', label: t('nav.spaces') },
      ],
    },
    { key: '/stats', icon: <BarChartOutlined />, label: t('nav.stats') },
    { key: '/res-stats', icon: <FundOutlined />, label: t('nav.resStats') },
  ];
  const selected = '/' + location.pathname.split('/').filter(Boolean).slice(0, location.pathname.startsWith('/admin') ? 2 : 1).join('/');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={200} style={{ background: '#1f3a5f' }}>
        <div className="ty-staff-brand"><ProfileOutlined /> {t('staff.brand')}</div>
        <Menu
          theme="dark"
          mode="inline"
          style={{ background: '#1f3a5f' }}
          selectedKeys={[selected]}
          defaultOpenKeys={selected.startsWith('/admin') ? ['admin'] : []}
          items={items}
          onClick={(e) => navigate(e.key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="ty-staff-header">
          <ServicePointPicker />
          <span className="ty-spacer" />
          <Space>
            <Typography.Text data-testid="staff-user">{user?.displayName}</Typography.Text>
            <LanguageSwitch />
            <Button size="small" icon={<LogoutOutlined />} onClick={() => void signOut()}>{t('staff.signOut')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="ty-content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
