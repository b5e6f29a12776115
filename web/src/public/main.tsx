import '../shared/i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { AppProviders } from '../shared/AppProviders';
import { ReaderSessionProvider } from './session';
import { PublicApp } from './PublicApp';
import './public.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders primary="#8c1c13">
      <ReaderSessionProvider>
        <BrowserRouter>
          <PublicApp />
        </BrowserRouter>
      </ReaderSessionProvider>
    </AppProviders>
  </StrictMode>,
);
