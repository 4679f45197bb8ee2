import type { components } from '@/api/schema';

export type Problem = components['schemas']['Problem'];

/** Whether a thrown value is an RFC 9457 problem document from the API. */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.status === 'number' && typeof v.title === 'string';
}

/** The HTTP status carried by an error, if it is a problem document. */
export function problemStatus(error: unknown): number | undefined {
  return isProblem(error) ? error.status : undefined;
}

export interface FormErrors<F extends string = string> {
  /** One message per form field the server complained about. */
  fields: Partial<Record<F, string>>;
  /** A message for the whole form: the problem's detail, or field errors no input shows. */
  message: string | null;
}

const FALLBACK = 'Something went wrong. Please try again.';

/** `tags[2]` and `series.title` belong to the `tags` and `series` inputs. */
function baseField(field: string): string {
  const match = /^[^[.]+/.exec(field);
  return match ? match[0] : field;
}

/**
 * Splits an error into messages for the given form fields and one general message.
 * Field errors whose field has no input on the form end up in the general message, so
 * nothing the server said is lost.
 */
export function toFormErrors<F extends string>(error: unknown, knownFields: readonly F[]): FormErrors<F> {
  if (error == null) return { fields: {}, message: null };
  if (!isProblem(error)) {
    const offline = error instanceof TypeError;
    return { fields: {}, message: offline ? 'Could not reach the server. Check your connection.' : FALLBACK };
  }

  const fields: Partial<Record<F, string>> = {};
  const unplaced: string[] = [];
  for (const { field, message } of error.errors ?? []) {
    const name = baseField(field);
    if ((knownFields as readonly string[]).includes(name)) {
      const key = name as F;
      fields[key] = fields[key] ? `${fields[key]} ${message}` : message;
    } else {
      unplaced.push(field ? `${field}: ${message}` : message);
    }
  }

  let message: string | null = null;
  if (unplaced.length > 0) {
    message = unplaced.join(' ');
  } else if (Object.keys(fields).length === 0) {
    message = describeProblem(error);
  }
  return { fields, message };
}

/** A sentence for people from a problem document. */
export function describeProblem(problem: Problem): string {
  if (problem.detail) return problem.detail;
  if (problem.status === 429) return 'Too many attempts. Please wait a minute and try again.';
  return problem.title || FALLBACK;
}

/** A sentence for people from anything a query or mutation threw. */
export function errorMessage(error: unknown): string {
  if (isProblem(error)) return describeProblem(error);
  if (error instanceof TypeError) return 'Could not reach the server. Check your connection.';
  return FALLBACK;
}
