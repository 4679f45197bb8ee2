import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ClipboardEvent, type DragEvent } from 'react';

import { useUploadFile } from '@/features/uploads/api/upload-file';
import { carriesFiles, filesOf, isPdf, pastedFiles } from '@/features/uploads/utils/data-transfer';
import { errorMessage } from '@/lib/problem';

import { postDocumentsQueryOptions } from '../api/get-post-documents';

/** A file on its way up. */
export interface PendingUpload {
  key: number;
  name: string;
}

interface EditorUploadsOptions {
  /** The saved post's id: PDFs uploaded with it become its documents. Absent for a new post. */
  postId?: string;
  /** Puts the markdown the API returned for an upload into the text. */
  insert: (markdown: string) => void;
}

/**
 * Uploads for the markdown field: files dropped on it, pasted into it or picked with the
 * button each upload on their own (several at once), and each one's markdown goes in at the
 * cursor when it is stored. Failures are kept, one line per file, until the next upload.
 */
export function useEditorUploads({ postId, insert }: EditorUploadsOptions) {
  const upload = useUploadFile();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<PendingUpload[]>([]);
  const [failures, setFailures] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const nextKey = useRef(0);

  const uploadOne = async (file: File) => {
    const key = nextKey.current++;
    setPending((p) => [...p, { key, name: file.name }]);
    const documentOf = isPdf(file) ? postId : undefined;
    try {
      const stored = await upload.mutateAsync({ file, purpose: 'post', post: documentOf });
      insert(stored.markdown);
      if (documentOf) void queryClient.invalidateQueries({ queryKey: postDocumentsQueryOptions(documentOf).queryKey });
    } catch (e) {
      setFailures((f) => [...f, `Could not upload ${file.name}: ${errorMessage(e)}`]);
    } finally {
      setPending((p) => p.filter((u) => u.key !== key));
    }
  };

  const uploadFiles = (files: File[]) => {
    if (files.length === 0) return;
    setFailures([]);
    for (const file of files) void uploadOne(file);
  };

  // A file dropped beside the field would make the browser open it, leaving the page and
  // its unsaved text: while the editor is open such drops do nothing.
  useEffect(() => {
    const ignore = (e: globalThis.DragEvent) => {
      if (carriesFiles(e.dataTransfer)) e.preventDefault();
    };
    window.addEventListener('dragover', ignore);
    window.addEventListener('drop', ignore);
    return () => {
      window.removeEventListener('dragover', ignore);
      window.removeEventListener('drop', ignore);
    };
  }, []);

  // Only drags that carry files are taken over; dragging text around stays the browser's.
  const acceptDrag = (e: DragEvent<HTMLTextAreaElement>) => {
    if (!carriesFiles(e.dataTransfer)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  const textareaProps = {
    onDragEnter: acceptDrag,
    onDragOver: acceptDrag,
    onDragLeave: () => setDragging(false),
    onDrop: (e: DragEvent<HTMLTextAreaElement>) => {
      setDragging(false);
      const files = filesOf(e.dataTransfer);
      if (files.length === 0) return;
      e.preventDefault();
      uploadFiles(files);
    },
    onPaste: (e: ClipboardEvent<HTMLTextAreaElement>) => {
      const files = pastedFiles(e.clipboardData);
      if (files.length === 0) return;
      e.preventDefault();
      uploadFiles(files);
    },
  };

  return { pending, failures, dragging, textareaProps, uploadFiles, dismissFailures: () => setFailures([]) };
}
