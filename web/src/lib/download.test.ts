import { describe, expect, it } from 'vitest';

import { fileNameFromDisposition } from './download';

const fallback = 'lectern-export.json';

describe('fileNameFromDisposition', () => {
  it('takes the quoted or bare file name', () => {
    expect(fileNameFromDisposition('attachment; filename="lectern-export-2026-03-01.json"', fallback)).toBe('lectern-export-2026-03-01.json');
    expect(fileNameFromDisposition('attachment; filename=data.json; size=12', fallback)).toBe('data.json');
  });

  it('prefers the RFC 5987 name, decoded', () => {
    const header = `attachment; filename="export.json"; filename*=UTF-8''d%C3%A9j%C3%A0%20vu.json`;
    expect(fileNameFromDisposition(header, fallback)).toBe('déjà vu.json');
  });

  it('falls back on a broken RFC 5987 name to the plain one', () => {
    expect(fileNameFromDisposition(`attachment; filename*=UTF-8''%E0%A4%A; filename="plain.json"`, fallback)).toBe('plain.json');
  });

  it('never lets the name choose a folder', () => {
    expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"', fallback)).toBe('passwd');
    expect(fileNameFromDisposition('attachment; filename="C:\\\\Users\\\\me\\\\x.json"', fallback)).toBe('x.json');
    expect(fileNameFromDisposition('attachment; filename=".."', fallback)).toBe(fallback);
  });

  it('uses the fallback without a header or a name', () => {
    expect(fileNameFromDisposition(null, fallback)).toBe(fallback);
    expect(fileNameFromDisposition('', fallback)).toBe(fallback);
    expect(fileNameFromDisposition('attachment', fallback)).toBe(fallback);
    expect(fileNameFromDisposition('attachment; filename=""', fallback)).toBe(fallback);
  });
});
