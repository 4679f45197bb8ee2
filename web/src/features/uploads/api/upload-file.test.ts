import { describe, expect, it } from 'vitest';

import { createApiClient } from '@/lib/api-client';
import { createSessionStore } from '@/lib/auth-store';

import { uploadFile, uploadFormData, uploadProblem, type Upload } from './upload-file';

const BASE = 'http://api.test';

const stored: Upload = {
  id: '3f1c9a4e-0000-4000-8000-000000000010',
  url: '/uploads/abc-640.png',
  kind: 'image',
  markdown: '![dot.png](/uploads/abc-640.png)',
  original_name: 'dot.png',
  content_type: 'image/png',
  bytes: 68,
  purpose: 'post',
  variants: [],
  width: 640,
  height: 480,
  created_at: '2026-01-01T00:00:00Z',
};

function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

interface Seen {
  path: string;
  authorization: string | null;
  contentType: string | null;
  form: FormData | null;
}

/** A fake API that accepts only `valid` and answers uploads with `answer`. */
function fakeApi(valid: string, answer: () => Response) {
  const seen: Seen[] = [];
  const fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const req = input as Request;
    const path = new URL(req.url).pathname;
    if (path === '/api/v1/auth/refresh') return json(200, { access_token: valid, refresh_token: 'r', token_type: 'Bearer', expires_in: 900 });
    const contentType = req.headers.get('Content-Type');
    seen.push({ path, authorization: req.headers.get('Authorization'), contentType, form: contentType?.startsWith('multipart/') ? await req.formData() : null });
    if (req.headers.get('Authorization') !== `Bearer ${valid}`) {
      return json(401, { type: 'about:blank', title: 'Unauthorized', status: 401 }, 'application/problem+json');
    }
    return answer();
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'dot.png', { type: 'image/png' });

describe('uploadFormData', () => {
  it('sends the file under its name and only the parts that are set', () => {
    const form = uploadFormData(png());
    expect((form.get('file') as File).name).toBe('dot.png');
    expect(form.has('purpose')).toBe(false);
    expect(form.has('post')).toBe(false);

    const withPost = uploadFormData(png(), { purpose: 'post', post: 'p-1' });
    expect(withPost.get('purpose')).toBe('post');
    expect(withPost.get('post')).toBe('p-1');
    expect(uploadFormData(png(), { post: null }).has('post')).toBe(false);
  });
});

describe('uploadFile', () => {
  it('posts multipart with the bearer token and returns the stored upload', async () => {
    const api = fakeApi('good', () => json(201, stored));
    const { fetchClient } = createApiClient({ baseUrl: BASE, fetch: api.fetch, session: createSessionStore({ accessToken: 'good', status: 'ready' }) });

    const upload = await uploadFile(png(), { purpose: 'avatar' }, fetchClient);

    expect(upload.markdown).toBe(stored.markdown);
    expect(api.seen).toHaveLength(1);
    const call = api.seen[0];
    expect(call?.path).toBe('/api/v1/uploads');
    expect(call?.authorization).toBe('Bearer good');
    // The browser's boundary, never openapi-fetch's JSON default.
    expect(call?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect((call?.form?.get('file') as File).name).toBe('dot.png');
    expect(call?.form?.get('purpose')).toBe('avatar');
  });

  it('renews an expired token and sends the file again', async () => {
    const api = fakeApi('fresh', () => json(201, stored));
    const session = createSessionStore({ accessToken: 'expired', status: 'ready' });
    const { fetchClient } = createApiClient({ baseUrl: BASE, fetch: api.fetch, session });

    await uploadFile(png(), {}, fetchClient);

    expect(api.seen.map((c) => c.authorization)).toEqual(['Bearer expired', 'Bearer fresh']);
    expect((api.seen[1]?.form?.get('file') as File).name).toBe('dot.png');
    expect(session.getState().accessToken).toBe('fresh');
  });

  it('throws the problem the API answered with', async () => {
    const refusal = { type: 'about:blank', title: 'Unsupported Media Type', status: 415, detail: 'the name says image but the content is application/pdf' };
    const api = fakeApi('good', () => json(415, refusal, 'application/problem+json'));
    const { fetchClient } = createApiClient({ baseUrl: BASE, fetch: api.fetch, session: createSessionStore({ accessToken: 'good', status: 'ready' }) });

    await expect(uploadFile(png(), {}, fetchClient)).rejects.toEqual(refusal);
  });
});

describe('uploadProblem', () => {
  it('keeps a problem document and explains a bare status', () => {
    const problem = { type: 'about:blank', title: 'Payload Too Large', status: 413, detail: 'an avatar may be at most 2 MiB' };
    expect(uploadProblem(413, problem)).toBe(problem);
    expect(uploadProblem(413, '<html>Request Entity Too Large</html>').detail).toBe('The file is too large.');
    expect(uploadProblem(502, undefined)).toMatchObject({ status: 502, detail: 'The upload failed (HTTP 502).' });
  });
});
