import 'highlight.js/styles/github.css';
import './index.css';
// public/theme-boot.js put the remembered theme on <html>; from here on the app keeps it in
// step with the reader's choice and, for `system`, with the device.
import '@/lib/theme';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from '@/app/app';
import { restoreSession } from '@/lib/api-client';

// Sign back in from the refresh cookie while the first screen renders.
void restoreSession();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
