import '../shared/i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { AppProviders } from '../shared/AppProviders';
import { StaffSessionProvider } from './session';
import { StaffApp } from './StaffApp';
import './staff.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders primary="#1f3a5f">
      <StaffSessionProvider>
        <BrowserRouter basename="/staff">
          <StaffApp />
        </BrowserRouter>
      </StaffSessionProvider>
    </AppProviders>
  </StrictMode>,
);
