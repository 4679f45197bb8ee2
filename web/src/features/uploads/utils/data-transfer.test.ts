import { describe, expect, it } from 'vitest';

import { carriesFiles, filesOf, isPdf, pastedFiles, type Transfer } from './data-transfer';

const png = new File([new Uint8Array([1])], 'dot.png', { type: 'image/png' });
const pdf = new File([new Uint8Array([2])], 'paper.pdf', { type: 'application/pdf' });

const fileItem = (file: File) => ({ kind: 'file' as const, getAsFile: () => file });
const textItem = { kind: 'string' as const, getAsFile: () => null };

function transfer(parts: Partial<Transfer>): Transfer {
  return { types: [], items: [], files: [], ...parts };
}

describe('carriesFiles', () => {
  it('looks at the types only, which is all a drag in progress shows', () => {
    expect(carriesFiles(transfer({ types: ['Files'] }))).toBe(true);
    expect(carriesFiles(transfer({ types: ['text/plain', 'text/html'] }))).toBe(false);
    expect(carriesFiles(null)).toBe(false);
  });
});

describe('filesOf', () => {
  it('takes the file items and skips the text ones', () => {
    const dropped = transfer({ types: ['text/html', 'Files'], items: [textItem, fileItem(png), fileItem(pdf)] });
    expect(filesOf(dropped)).toEqual([png, pdf]);
  });

  it('falls back to files when there are no file items', () => {
    expect(filesOf(transfer({ types: ['Files'], items: [], files: [pdf] }))).toEqual([pdf]);
    expect(filesOf(transfer({ types: ['Files'], items: null, files: [png] }))).toEqual([png]);
  });

  it('finds nothing in a text drop or no transfer', () => {
    expect(filesOf(transfer({ types: ['text/plain'], items: [textItem] }))).toEqual([]);
    expect(filesOf(undefined)).toEqual([]);
  });
});

describe('pastedFiles', () => {
  it('uploads a pasted screenshot', () => {
    expect(pastedFiles(transfer({ types: ['Files'], items: [fileItem(png)] }))).toEqual([png]);
  });

  it('leaves text with a picture of itself (an office suite copy) to the normal paste', () => {
    const copied = transfer({ types: ['text/plain', 'text/html', 'Files'], items: [textItem, textItem, fileItem(png)] });
    expect(pastedFiles(copied)).toEqual([]);
  });
});

describe('isPdf', () => {
  it('knows a PDF by its type, or by its name when there is no type', () => {
    expect(isPdf(pdf)).toBe(true);
    expect(isPdf({ name: 'scan.PDF', type: '' })).toBe(true);
    expect(isPdf(png)).toBe(false);
    expect(isPdf({ name: 'fake.pdf', type: 'image/png' })).toBe(false);
  });
});
