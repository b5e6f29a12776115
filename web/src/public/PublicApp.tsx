/** The public catalog at `/`: search, records, holds, the reader's account. Mobile first. */
import { Link, Route, Routes } from 'react-router-dom';
import { Button } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { EmptyState } from '../shared/PageState';
import { useReaderSession } from './session';
import { SearchPage } from './pages/SearchPage';
import { RecordPage } from './pages/RecordPage';
import { SignInPage } from './pages/SignInPage';
import { AccountPage } from './pages/AccountPage';

function Header() {
  const { t } = useTranslation();
  const { signedIn } = useReaderSession();
  return (
    <header className="ty-header">
      <Link to="/" className="ty-brand">{t('public.brand')}</Link>
      <span className="ty-spacer" />
      <LanguageSwitch dark />
      <Link to={signedIn ? '/account' : '/sign-in'}>
        <Button size="small" icon={<UserOutlined />} data-testid="account-link">
          {signedIn ? t('public.myAccount') : t('public.signIn')}
        </Button>
      </Link>
    </header>
  );
}

function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <EmptyState text={t('public.notFound')}>
      <Link to="/">{t('public.backToSearch')}</Link>
    </EmptyState>
  );
}

export function PublicApp() {
  return (
    <>
      <Header />
      <main className="ty-main">
        <Routes>
          <Route path="/" element={<SearchPage />} />
          <Route path="/record/:id" element={<RecordPage />} />
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/account/*" element={<AccountPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </>
  );
}
