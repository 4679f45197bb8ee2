import type { components } from '@/api/schema';

type Upload = components['schemas']['Upload'];

const KIND_NAMES: Record<Upload['kind'], string> = {
  image: 'image',
  pdf: 'PDF',
  csv: 'CSV file',
  json: 'JSON file',
  parquet: 'Parquet file',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What a document's text extraction means for readers, in words; the editor shows it after
 * the file's name: "field-notes.pdf — 5 pages searchable".
 */
export function documentStatus(upload: Pick<Upload, 'kind' | 'text_status' | 'pages'>): string {
  switch (upload.text_status) {
    case 'pending':
      return 'reading…';
    case 'ready':
      return upload.pages != null ? `${plural(upload.pages, 'page', 'pages')} searchable` : 'searchable';
    case 'no_text':
      return 'no text layer: nothing to search';
    case 'failed':
      return 'the text could not be read: nothing to search';
    default:
      return `${KIND_NAMES[upload.kind]}, not searched`;
  }
}

/** Whether any document is still waiting for its text (the list then polls). */
export function anyReading(uploads: ReadonlyArray<Pick<Upload, 'text_status'>> | undefined): boolean {
  return !!uploads && uploads.some((u) => u.text_status === 'pending');
}
