import { useMutation } from '@tanstack/react-query';

import { fetchClient } from '@/lib/api-client';
import { fileNameFromDisposition, saveBlob } from '@/lib/download';

/** Downloads everything the platform holds about me and saves it as a JSON file. */
export function useExportAccount() {
  return useMutation({
    mutationFn: async () => {
      // As a blob: the file keeps the server's bytes, and the name it suggests.
      const { data, error, response } = await fetchClient.GET('/api/v1/me/export', { parseAs: 'blob' });
      if (error) throw error;
      const fallback = `lectern-export-${new Date().toISOString().slice(0, 10)}.json`;
      return { blob: data, name: fileNameFromDisposition(response.headers.get('Content-Disposition'), fallback) };
    },
    onSuccess: ({ blob, name }) => saveBlob(blob, name),
  });
}
