import { z } from 'zod';

// zod probes for eval (new Function) when it builds its first object schema; the wall's strict
// CSP blocks it and reports a securitypolicyviolation although zod catches the error. jitless
// skips the probe (parsing is a little slower, which the wall's few messages a second do not feel).
// Imported first by main.tsx: the setting must precede every schema's construction.
z.config({ jitless: true });
