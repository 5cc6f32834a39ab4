/**
 * zod, configured once for every schema of the project: jitless, so zod never generates code
 * with `new Function` (forbidden by the webview's CSP and by the security review,
 * docs/security.md). Import `z` from here, never from 'zod' directly.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
