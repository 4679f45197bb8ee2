/**
 * The file name a `Content-Disposition` header suggests (`attachment; filename="x.json"`, or
 * RFC 5987's `filename*=UTF-8''x.json`, which wins when both are there), or `fallback` when it
 * names none. Only the last path segment is kept: a suggested name never picks a folder.
 */
export function fileNameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  let name: string | null = null;
  const extended = /filename\*\s*=\s*utf-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(header);
    name = plain ? (plain[1] ?? plain[2] ?? '').trim() : null;
  }
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base && base !== '.' && base !== '..' ? base : fallback;
}

/** Saves `blob` as a file called `name`, the way the browser saves a download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser may still be reading the blob when click() returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
