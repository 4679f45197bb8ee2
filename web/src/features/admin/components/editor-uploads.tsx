import { useRef } from 'react';

import type { PendingUpload } from '../hooks/use-editor-uploads';

/** What the editor offers to upload; the API decides by the bytes. */
const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,application/pdf,.pdf,.csv,.json,.parquet';

interface EditorUploadsProps {
  pending: PendingUpload[];
  failures: string[];
  onFiles: (files: File[]) => void;
  onDismiss: () => void;
}

/** Above the markdown field: the "Upload file" button (for keyboards), uploads in flight and failures. */
export function EditorUploads({ pending, failures, onFiles, onDismiss }: EditorUploadsProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="editor-uploads">
      <button type="button" className="button button-small" onClick={() => input.current?.click()}>
        Upload file
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={ACCEPT}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          // Cleared, so picking the same file again uploads it again.
          e.target.value = '';
          onFiles(files);
        }}
      />
      <ul className="upload-progress" role="status" aria-live="polite">
        {pending.map((u) => (
          <li key={u.key}>Uploading {u.name}…</li>
        ))}
      </ul>
      {failures.length > 0 && (
        <div className="alert alert-error upload-failures" role="alert">
          <ul>
            {failures.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
          <button type="button" className="button button-small" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
