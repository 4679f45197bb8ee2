import { useMutation } from '@tanstack/react-query';

import type { components, paths } from '@/api/schema';
import { fetchClient } from '@/lib/api-client';
import { isProblem, type Problem } from '@/lib/problem';

export type Upload = components['schemas']['Upload'];
export type UploadPurpose = components['schemas']['Purpose'];

/** The form as the spec types it: `file` is `string` there (format binary). */
type UploadForm = paths['/api/v1/uploads']['post']['requestBody']['content']['multipart/form-data'];

export interface UploadOptions {
  /** `post` (the default; admins only) or `avatar` (images only). */
  purpose?: UploadPurpose;
  /** A saved post's id: a PDF uploaded with it becomes a document of that post. */
  post?: string | null;
}

/** The multipart body of an upload: the file under its own name, then the optional parts. */
export function uploadFormData(file: File, options: UploadOptions = {}): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  if (options.purpose) form.append('purpose', options.purpose);
  if (options.post) form.append('post', options.post);
  return form;
}

const FALLBACK_DETAIL: Record<number, string> = {
  413: 'The file is too large.',
  415: 'This kind of file is not accepted.',
};

/**
 * The problem an upload failed with. A proxy in front of the API may answer a large body
 * with its own page rather than problem+json; the status still says what happened.
 */
export function uploadProblem(status: number, error: unknown): Problem {
  if (isProblem(error)) return error;
  return {
    type: 'about:blank',
    title: 'The upload failed',
    status,
    detail: FALLBACK_DETAIL[status] ?? `The upload failed (HTTP ${status}).`,
  };
}

/**
 * Uploads one file. It goes through the app's one fetch client, so it carries the bearer
 * token and is renewed and retried once on an expired token like any other request; the
 * FormData passes through openapi-fetch untouched and the browser sets the boundary.
 * Throws the problem document on failure.
 */
export async function uploadFile(file: File, options: UploadOptions = {}, client = fetchClient): Promise<Upload> {
  const { data, error, response } = await client.POST('/api/v1/uploads', {
    body: uploadFormData(file, options) as unknown as UploadForm,
  });
  if (data) return data;
  throw uploadProblem(response.status, error);
}

export interface UploadVariables extends UploadOptions {
  file: File;
}

/** A mutation for uploads; `mutateAsync` may run several at once (one per dropped file). */
export function useUploadFile() {
  return useMutation<Upload, unknown, UploadVariables>({
    mutationFn: ({ file, ...options }) => uploadFile(file, options),
  });
}
