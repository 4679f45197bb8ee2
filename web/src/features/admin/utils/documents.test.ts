import { describe, expect, it } from 'vitest';

import { anyReading, documentStatus } from './documents';

const pdf = { kind: 'pdf' as const };

describe('documentStatus', () => {
  it('says how many pages can be searched', () => {
    expect(documentStatus({ ...pdf, text_status: 'ready', pages: 5 })).toBe('5 pages searchable');
    expect(documentStatus({ ...pdf, text_status: 'ready', pages: 1 })).toBe('1 page searchable');
    expect(documentStatus({ ...pdf, text_status: 'ready', pages: null })).toBe('searchable');
  });

  it('says when there is nothing to search, and why', () => {
    expect(documentStatus({ ...pdf, text_status: 'no_text' })).toBe('no text layer: nothing to search');
    expect(documentStatus({ ...pdf, text_status: 'failed' })).toBe('the text could not be read: nothing to search');
  });

  it('says a document is being read while it is pending', () => {
    expect(documentStatus({ ...pdf, text_status: 'pending', pages: null })).toBe('reading…');
  });

  it('names other attachments by their kind', () => {
    expect(documentStatus({ kind: 'csv', text_status: null })).toBe('CSV file, not searched');
  });
});

describe('anyReading', () => {
  it('is true while any document is pending', () => {
    expect(anyReading([{ text_status: 'ready' }, { text_status: 'pending' }])).toBe(true);
    expect(anyReading([{ text_status: 'ready' }, { text_status: 'no_text' }, { text_status: null }])).toBe(false);
    expect(anyReading(undefined)).toBe(false);
  });
});
