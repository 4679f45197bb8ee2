import { useEffect } from 'react';

export const SITE_NAME = 'Lectern';

/** Sets the page title as "<title> · Lectern" (the server's shell uses the same form). */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · ${SITE_NAME}` : SITE_NAME;
  }, [title]);
}
