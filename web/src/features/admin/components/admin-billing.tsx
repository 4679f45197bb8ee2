import { useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';

import { Field, FormError } from '@/components/field';
import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';
import { toFormErrors } from '@/lib/problem';

import { useBillingEvents, type BillingEvent, type BillingEventState } from '../api/get-billing-events';
import { useBillingSubscriptions, type SubscriptionStatusFilter } from '../api/get-billing-subscriptions';
import { useSetPremium } from '../api/set-premium';
import { humanize } from '../utils/mailbox';
import { describeGrant, grantEndIso } from '../utils/premium-grant';

/** Stripe's subscription statuses, for the filter. */
const SUBSCRIPTION_STATUSES: readonly SubscriptionStatusFilter[] = [
  'active',
  'trialing',
  'past_due',
  'canceled',
  'incomplete',
  'incomplete_expired',
  'unpaid',
  'paused',
];

/** What became of a webhook event: its job has not run, it was applied, there was nothing to do, or it failed. */
const EVENT_STATES: readonly BillingEventState[] = ['pending', 'processed', 'ignored', 'failed'];

export function AdminBilling() {
  const [params, setParams] = useSearchParams();
  // Both filters live in the URL; changing one keeps the other.
  const setFilter = (name: 'status' | 'state', value: string | undefined) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });
  const status = oneOf(params.get('status'), SUBSCRIPTION_STATUSES);
  const state = oneOf(params.get('state'), EVENT_STATES);

  return (
    <section>
      <div className="toolbar">
        <h1>Billing</h1>
      </div>
      <p className="muted">
        Subscriptions as last read from Stripe, the webhook events behind them, and premium granted by hand.
      </p>
      <Subscriptions status={status} onStatus={(value) => setFilter('status', value)} />
      <Events state={state} onState={(value) => setFilter('state', value)} />
      <GrantPremium />
    </section>
  );
}

/** The value if it is one of `allowed` (a hand-edited URL may say anything), else no filter. */
function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((option) => option === value);
}

interface FilterSelectProps<T extends string> {
  label: string;
  value: T | undefined;
  options: readonly T[];
  onChange: (value: T | undefined) => void;
}

function FilterSelect<T extends string>({ label, value, options, onChange }: FilterSelectProps<T>) {
  const id = useId();
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(oneOf(e.target.value, options))}>
        <option value="">All</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {humanize(option)}
          </option>
        ))}
      </select>
    </div>
  );
}

interface SubscriptionsProps {
  status: SubscriptionStatusFilter | undefined;
  onStatus: (status: SubscriptionStatusFilter | undefined) => void;
}

function Subscriptions({ status, onStatus }: SubscriptionsProps) {
  const subscriptions = useBillingSubscriptions(status);
  const items = subscriptions.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="billing-subscriptions">
      <div className="toolbar">
        <h2 id="billing-subscriptions" className="section-title">
          Subscriptions
        </h2>
        <FilterSelect label="Status" value={status} options={SUBSCRIPTION_STATUSES} onChange={onStatus} />
      </div>
      {subscriptions.isError && !subscriptions.data ? (
        <ErrorMessage error={subscriptions.error} />
      ) : !subscriptions.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="muted">{status ? `No ${humanize(status)} subscriptions.` : 'No subscriptions yet.'}</p>
      ) : (
        <table className="table" aria-busy={subscriptions.isFetching && !subscriptions.isFetchingNextPage}>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Status</th>
              <th scope="col">Plan</th>
              <th scope="col">Period end</th>
              <th scope="col">Cancels</th>
              <th scope="col">Premium until</th>
              <th scope="col">Synced</th>
            </tr>
          </thead>
          <tbody>
            {items.map((sub) => (
              <tr key={sub.id}>
                <td>
                  {sub.email ?? sub.display_name ?? '—'}
                  {/* The id the grant form below asks for. */}
                  <div className="muted small">
                    <code>{sub.user_id}</code>
                  </div>
                </td>
                <td>
                  <span className={`status status-${sub.status}`}>{humanize(sub.status)}</span>
                </td>
                <td>{sub.plan ?? '—'}</td>
                <td>
                  <time dateTime={sub.current_period_end}>{formatDateTime(sub.current_period_end)}</time>
                </td>
                <td>{sub.cancel_at_period_end ? 'Yes' : 'No'}</td>
                <td>{sub.premium_until ? <time dateTime={sub.premium_until}>{formatDateTime(sub.premium_until)}</time> : '—'}</td>
                <td>
                  <time dateTime={sub.synced_at}>{formatDateTime(sub.synced_at)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {subscriptions.isFetchNextPageError && <ErrorMessage error={subscriptions.error} />}
      <LoadMore
        hasNextPage={subscriptions.hasNextPage}
        isFetchingNextPage={subscriptions.isFetchingNextPage}
        fetchNextPage={subscriptions.fetchNextPage}
        auto={false}
      />
    </section>
  );
}

function Events({ state, onState }: { state: BillingEventState | undefined; onState: (state: BillingEventState | undefined) => void }) {
  const events = useBillingEvents(state);
  const [openId, setOpenId] = useState<string | null>(null);
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="billing-events">
      <div className="toolbar">
        <h2 id="billing-events" className="section-title">
          Webhook events
        </h2>
        <FilterSelect label="State" value={state} options={EVENT_STATES} onChange={onState} />
      </div>
      {events.isError && !events.data ? (
        <ErrorMessage error={events.error} />
      ) : !events.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="muted">{state ? `No ${state} events.` : 'No events yet. Stripe sends them to /api/v1/billing/webhook.'}</p>
      ) : (
        <table className="table" aria-busy={events.isFetching && !events.isFetchingNextPage}>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">State</th>
              <th scope="col">Note</th>
              <th scope="col">Attempts</th>
              <th scope="col">Received</th>
            </tr>
          </thead>
          {items.map((event) => (
            <EventRows
              key={event.id}
              event={event}
              open={openId === event.id}
              onToggle={() => setOpenId((current) => (current === event.id ? null : event.id))}
            />
          ))}
        </table>
      )}
      {events.isFetchNextPageError && <ErrorMessage error={events.error} />}
      <LoadMore
        hasNextPage={events.hasNextPage}
        isFetchingNextPage={events.isFetchingNextPage}
        fetchNextPage={events.fetchNextPage}
        auto={false}
      />
    </section>
  );
}

function EventRows({ event, open, onToggle }: { event: BillingEvent; open: boolean; onToggle: () => void }) {
  const detailId = `billing-event-${event.id}`;
  return (
    <tbody>
      <tr>
        <td>
          <button type="button" className="link-button" aria-expanded={open} aria-controls={detailId} onClick={onToggle}>
            {event.type}
          </button>
        </td>
        <td>
          <span className={`status status-${event.state}`}>{event.state}</span>
        </td>
        {/* Only a failed event's note is an error; others say why nothing (more) was done. */}
        <td className={event.state === 'failed' ? 'job-error' : 'muted'}>{event.error ?? ''}</td>
        <td>{event.attempts}</td>
        <td>
          <time dateTime={event.received_at}>{formatDateTime(event.received_at)}</time>
        </td>
      </tr>
      <tr className="email-row" id={detailId} hidden={!open}>
        <td colSpan={5}>
          {open && (
            <article aria-label={`Event ${event.stripe_id}`}>
              <dl className="details">
                <dt>Stripe id</dt>
                <dd>
                  <code>{event.stripe_id}</code>
                </dd>
                <dt>Created</dt>
                <dd>{formatDateTime(event.created_at)}</dd>
                <dt>Processed</dt>
                <dd>{event.processed_at ? formatDateTime(event.processed_at) : '—'}</dd>
                {event.subscription_id && (
                  <>
                    <dt>Subscription</dt>
                    <dd>
                      <code>{event.subscription_id}</code>
                    </dd>
                  </>
                )}
                {event.customer_id && (
                  <>
                    <dt>Customer</dt>
                    <dd>
                      <code>{event.customer_id}</code>
                    </dd>
                  </>
                )}
              </dl>
              <h3 className="pane-title">Payload</h3>
              <pre className="code-block">{JSON.stringify(event.payload, null, 2)}</pre>
            </article>
          )}
        </td>
      </tr>
    </tbody>
  );
}

const GRANT_FIELDS = ['id', 'until'] as const;

/** Premium by hand, for a user id: until the end of a day, or no longer (a subscription still counts). */
function GrantPremium() {
  const grant = useSetPremium();
  const [userId, setUserId] = useState('');
  const [date, setDate] = useState('');
  // What is missing before anything is sent; the server's own field errors come after.
  const [missing, setMissing] = useState<{ id?: string; until?: string }>({});
  const errors = toFormErrors(grant.error, GRANT_FIELDS);

  const send = (ending: boolean) => {
    const id = userId.trim();
    const until = ending ? null : grantEndIso(date);
    const problems = {
      ...(id ? {} : { id: "Enter the user's id." }),
      ...(ending || until ? {} : { until: 'Choose the last day of premium access.' }),
    };
    setMissing(problems);
    if (Object.keys(problems).length > 0) {
      grant.reset();
      return;
    }
    grant.mutate({ params: { path: { id } }, body: { until } });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    send(false);
  };

  return (
    <section aria-labelledby="billing-grant">
      <h2 id="billing-grant" className="section-title">
        Grant premium
      </h2>
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={errors.message} />
        <div className="inline-form">
          <Field label="User id" error={missing.id ?? errors.fields.id} hint="As shown under the email in the subscriptions table.">
            {(p) => (
              <input
                {...p}
                type="text"
                name="user_id"
                autoComplete="off"
                spellCheck={false}
                value={userId}
                onChange={(e) => setUserId(e.target.value)}
              />
            )}
          </Field>
          <Field label="Premium until" error={missing.until ?? errors.fields.until} hint="Included, to the end of the day (UTC).">
            {(p) => <input {...p} type="date" name="until" value={date} onChange={(e) => setDate(e.target.value)} />}
          </Field>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={grant.isPending}>
            Grant
          </button>
          <button type="button" className="button button-danger" disabled={grant.isPending} onClick={() => send(true)}>
            End grant
          </button>
        </div>
        {grant.isSuccess && (
          <p className="alert alert-success" role="status">
            {describeGrant(grant.data)}
          </p>
        )}
      </form>
    </section>
  );
}
