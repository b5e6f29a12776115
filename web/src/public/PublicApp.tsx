/** The public app at `/`: search, records, holds, the reader's account, seats, rooms and events. Mobile first. */
import { Link, NavLink, Route, Routes } from 'react-router-dom';
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
import { SeatsPage } from './reserve/SeatsPage';
import { RoomsPage } from './reserve/RoomsPage';
import { MyBookingsPage } from './reserve/MyBookingsPage';
import { EventsPage } from './events/EventsPage';
import { EventPage } from './events/EventPage';
import { MyEventsPage } from './events/MyEventsPage';

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

/** The services a reader comes for, one tap away on a phone. */
function ServiceNav() {
  const { t } = useTranslation();
  const { signedIn } = useReaderSession();
  const cls = ({ isActive }: { isActive: boolean }) => (isActive ? 'active' : '');
  return (
    <nav className="ty-nav" data-testid="service-nav">
      <NavLink to="/" end className={cls}>{t('nav.search')}</NavLink>
      <NavLink to="/seats" className={cls} data-testid="nav-seats">{t('nav.seats')}</NavLink>
      <NavLink to="/rooms" className={cls} data-testid="nav-rooms">{t('nav.rooms')}</NavLink>
      <NavLink to="/events" className={cls} data-testid="nav-events">{t('nav.events')}</NavLink>
      {signedIn && <NavLink to="/bookings" className={cls} data-testid="nav-bookings">{t('nav.myBookings')}</NavLink>}
    </nav>
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
      <ServiceNav />
      <main className="ty-main">
        <Routes>
          <Route path="/" element={<SearchPage />} />
          <Route path="/record/:id" element={<RecordPage />} />
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/account/*" element={<AccountPage />} />
          <Route path="/seats" element={<SeatsPage />} />
          <Route path="/rooms" element={<RoomsPage />} />
          <Route path="/bookings" element={<MyBookingsPage />} />
          <Route path="/events" element={<EventsPage />} />
          <Route path="/events/:id" element={<EventPage />} />
          <Route path="/my-events" element={<MyEventsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </>
  );
}
