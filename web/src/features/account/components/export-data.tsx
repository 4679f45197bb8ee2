import { ErrorMessage } from '@/components/status';

import { useExportAccount } from '../api/export-account';

/** "Download my data": everything the platform holds about the reader, as one JSON file. */
export function ExportData() {
  const download = useExportAccount();
  return (
    <>
      <p>
        A copy of everything Lectern holds about you, as one JSON file: your account and settings, comments, reports,
        bookmarks, reactions, reading progress, followed series, notes, notifications, Ask AI conversations and
        subscriptions.
      </p>
      <div className="actions">
        <button type="button" className="button" disabled={download.isPending} onClick={() => download.mutate()}>
          {download.isPending ? 'Preparing your file…' : 'Download my data'}
        </button>
      </div>
      {download.isError && <ErrorMessage error={download.error} />}
    </>
  );
}
