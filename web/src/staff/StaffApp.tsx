/** The staff workstation at /staff: sign-in, then the desk and the back office. */
import { Navigate, Route, Routes } from 'react-router-dom';
import { Loading } from '../shared/PageState';
import { useStaff } from './session';
import { StaffLayout } from './components/StaffLayout';
import { LoginPage } from './pages/LoginPage';
import { DeskPage } from './pages/DeskPage';
import { CheckInPage } from './pages/CheckInPage';
import { RenewPage } from './pages/RenewPage';
import { ReadersPage } from './pages/ReadersPage';
import { RegisterReaderPage } from './pages/RegisterReaderPage';
import { ReaderPage } from './pages/ReaderPage';
import { CatalogPage } from './pages/CatalogPage';
import { StaffRecordPage } from './pages/StaffRecordPage';
import { WorkListsPage } from './pages/WorkListsPage';
import { LibrariesPage } from './pages/LibrariesPage';
import { LibraryPage } from './pages/LibraryPage';
import { StaffUsersPage } from './pages/StaffUsersPage';
import { LoanRulesPage } from './pages/LoanRulesPage';
import { StatsPage } from './pages/StatsPage';
import { ImportPage } from './catalog/ImportPage';
import { SpacesPage } from './reservations/SpacesPage';
import { DayBookingsPage } from './reservations/DayBookingsPage';
import { ResStatsPage } from './reservations/ResStatsPage';
import { EventsAdminPage } from './events/EventsAdminPage';
import { EventAdminPage } from './events/EventAdminPage';

export function StaffApp() {
  const { user, loading } = useStaff();
  if (loading) return <Loading rows={8} />;
  if (!user) {
    return (
      <Routes>
        <Route path="*" element={<LoginPage />} />
      </Routes>
    );
  }
  return (
    <StaffLayout>
      <Routes>
        <Route path="/" element={<Navigate to="/desk" replace />} />
        <Route path="/desk" element={<DeskPage />} />
        <Route path="/check-in" element={<CheckInPage />} />
        <Route path="/renew" element={<RenewPage />} />
        <Route path="/readers" element={<ReadersPage />} />
        <Route path="/readers/new" element={<RegisterReaderPage />} />
        <Route path="/readers/:id" element={<ReaderPage />} />
        <Route path="/catalog" element={<CatalogPage />} />
        <Route path="/catalog/:id" element={<StaffRecordPage />} />
        <Route path="/work-lists" element={<WorkListsPage />} />
        <Route path="/admin/libraries" element={<LibrariesPage />} />
        <Route path="/admin/libraries/:id" element={<LibraryPage />} />
        <Route path="/admin/staff" element={<StaffUsersPage />} />
        <Route path="/admin/loan-rules" element={<LoanRulesPage />} />
        <Route path="/stats" element={<StatsPage />} />
        <Route path="/import" element={<ImportPage />} />
        <Route path="/spaces" element={<SpacesPage />} />
        <Route path="/bookings" element={<DayBookingsPage />} />
        <Route path="/events" element={<EventsAdminPage />} />
        <Route path="/events/:id" element={<EventAdminPage />} />
        <Route path="/res-stats" element={<ResStatsPage />} />
        <Route path="*" element={<Navigate to="/desk" replace />} />
      </Routes>
    </StaffLayout>
  );
}
