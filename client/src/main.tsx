// First: configures zod before any module builds a schema.
import './zodJitless.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Wall } from './wall/components/Wall.js';
import './wall/wall.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <Wall />
  </StrictMode>,
);
