/** The parts of a `DataTransfer` (a drop, a paste) these helpers read. */
export type Transfer = Pick<DataTransfer, 'types'> & {
  items?: ArrayLike<Pick<DataTransferItem, 'kind' | 'getAsFile'>> | null;
  files?: ArrayLike<File> | null;
};

/** Whether a drag carries files; while dragging, only `types` can be read, not the files. */
export function carriesFiles(transfer: Pick<DataTransfer, 'types'> | null | undefined): boolean {
  return !!transfer && Array.from(transfer.types ?? []).includes('Files');
}

/** The files in a drop or paste: from `items` where the browser has them, else from `files`. */
export function filesOf(transfer: Transfer | null | undefined): File[] {
  if (!transfer) return [];
  const fromItems = Array.from(transfer.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => item.getAsFile())
    .filter((file): file is File => file !== null);
  return fromItems.length > 0 ? fromItems : Array.from(transfer.files ?? []);
}

/**
 * The files to upload from a paste. Copying text from an office suite puts a picture of it
 * on the clipboard too: when there is plain text, the paste is that text, not an upload.
 */
export function pastedFiles(transfer: Transfer | null | undefined): File[] {
  if (!transfer) return [];
  if (Array.from(transfer.types ?? []).includes('text/plain')) return [];
  return filesOf(transfer);
}

/** Whether a file is a PDF, by its type or, when the browser gives none, its name. */
export function isPdf(file: Pick<File, 'name' | 'type'>): boolean {
  return file.type === 'application/pdf' || (file.type === '' && /\.pdf$/i.test(file.name));
}
