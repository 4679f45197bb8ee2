import { useState, type FormEvent } from 'react';

import { Field, FormError } from '@/components/field';
import { toFormErrors } from '@/lib/problem';

import { useSubscribe } from '../api/subscribe';

const FIELDS = ['email'] as const;

/** A one-field sign-up for the newsletter. */
export function NewsletterSignup() {
  const subscribe = useSubscribe();
  const [email, setEmail] = useState('');
  const errors = toFormErrors(subscribe.error, FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    subscribe.mutate({ body: { email: email.trim() } });
  };

  return (
    <section className="newsletter" aria-labelledby="newsletter-title">
      <h2 id="newsletter-title">Get new posts by email</h2>
      {subscribe.isSuccess ? (
        <p className="alert alert-success" role="status">
          Check your inbox to confirm: we sent a link to {subscribe.variables.body.email}.
        </p>
      ) : (
        <form className="inline-form" onSubmit={submit} noValidate>
          <Field label="Email address" error={errors.fields.email} hideLabel>
            {(p) => (
              <input
                {...p}
                type="email"
                name="email"
                autoComplete="email"
                placeholder="you@example.com"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button button-primary" disabled={subscribe.isPending}>
            {subscribe.isPending ? 'Subscribing…' : 'Subscribe'}
          </button>
        </form>
      )}
      <FormError message={errors.message} />
    </section>
  );
}
