import { z } from 'zod';

// The console runs under a CSP without 'unsafe-eval': zod must neither probe for eval (the probe
// is reported as a violation) nor compile its parsers with it. Imported first by main.tsx, before
// any module builds a schema.
z.config({ jitless: true });
