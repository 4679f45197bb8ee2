import type { ReactNode } from 'react';

import { errorMessage } from '@/lib/problem';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      {label}
    </p>
  );
}

export function ErrorMessage({ error, children }: { error?: unknown; children?: ReactNode }) {
  return (
    <div className="alert alert-error" role="alert">
      {children ?? errorMessage(error)}
    </div>
  );
}
