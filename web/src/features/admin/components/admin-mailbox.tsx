import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';

import { FilterForm } from '@/components/filter-form';
import { LinkifiedText } from '@/components/linkified-text';
import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';

import { useMailbox, type MailboxEmail } from '../api/get-mailbox';
import { headerEntries, humanize } from '../utils/mailbox';

export function AdminMailbox() {
  const [params, setParams] = useSearchParams();
  const to = params.get('to')?.trim() || undefined;
  const mailbox = useMailbox(to);
  const [openId, setOpenId] = useState<string | null>(null);
  const emails = mailbox.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section>
      <div className="toolbar">
        <h1>Mailbox</h1>
        <button type="button" className="button button-small" disabled={mailbox.isFetching} onClick={() => void mailbox.refetch()}>
          Refresh
        </button>
      </div>
      <p className="muted">Every email Lectern stored or sent, newest first. Without SMTP, this is the only place they go.</p>
      {/* Keyed so the input shows the filter again after back/forward. */}
      <FilterForm
        title="Filter emails"
        label="To"
        hint="Only emails to this address."
        name="to"
        type="email"
        submitLabel="Filter"
        key={to ?? ''}
        initial={to ?? ''}
        onApply={(next) => setParams(next ? { to: next } : {})}
      />
      {mailbox.isError && !mailbox.data ? (
        <ErrorMessage error={mailbox.error} />
      ) : !mailbox.data ? (
        <Loading />
      ) : emails.length === 0 ? (
        <p className="muted">{to ? `No emails to ${to}.` : 'No emails yet.'}</p>
      ) : (
        <table className="table mailbox" aria-busy={mailbox.isFetching && !mailbox.isFetchingNextPage}>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col">To</th>
              <th scope="col">Kind</th>
              <th scope="col">State</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          {emails.map((email) => (
            <EmailRows
              key={email.id}
              email={email}
              open={openId === email.id}
              onToggle={() => setOpenId((current) => (current === email.id ? null : email.id))}
            />
          ))}
        </table>
      )}
      {mailbox.isFetchNextPageError && <ErrorMessage error={mailbox.error} />}
      <LoadMore
        hasNextPage={mailbox.hasNextPage}
        isFetchingNextPage={mailbox.isFetchingNextPage}
        fetchNextPage={mailbox.fetchNextPage}
        auto={false}
      />
    </section>
  );
}


function EmailRows({ email, open, onToggle }: { email: MailboxEmail; open: boolean; onToggle: () => void }) {
  const detailId = `email-${email.id}`;
  return (
    <tbody>
      <tr>
        <td>
          <button type="button" className="link-button" aria-expanded={open} aria-controls={detailId} onClick={onToggle}>
            {email.subject}
          </button>
        </td>
        <td>{email.to}</td>
        <td>{humanize(email.kind)}</td>
        <td>
          <span className={`status status-${email.state}`}>{email.state}</span>
        </td>
        <td>
          <time dateTime={email.created_at}>{formatDateTime(email.created_at)}</time>
        </td>
      </tr>
      <tr className="email-row" id={detailId} hidden={!open}>
        <td colSpan={5}>{open && <EmailDetail email={email} />}</td>
      </tr>
    </tbody>
  );
}

function EmailDetail({ email }: { email: MailboxEmail }) {
  const extra = headerEntries(email.headers);
  return (
    <article className="email-detail" aria-label={`Email: ${email.subject}`}>
      <dl className="details">
        <dt>To</dt>
        <dd>{email.to}</dd>
        <dt>Subject</dt>
        <dd>{email.subject}</dd>
        <dt>Kind</dt>
        <dd>
          <code>{email.kind}</code>
        </dd>
        <dt>State</dt>
        <dd>
          {email.state}, {email.attempts} {email.attempts === 1 ? 'attempt' : 'attempts'}
          {email.sent_at && <> · sent {formatDateTime(email.sent_at)}</>}
        </dd>
        <dt>Created</dt>
        <dd>{formatDateTime(email.created_at)}</dd>
        {email.last_error && (
          <>
            <dt>Last error</dt>
            <dd className="job-error">{email.last_error}</dd>
          </>
        )}
      </dl>
      <h3 className="pane-title">Headers</h3>
      {extra.length === 0 ? (
        <p className="muted small">No extra headers.</p>
      ) : (
        <dl className="details headers">
          {extra.map(([name, value], i) => (
            <Fragment key={`${i}:${name}`}>
              <dt>{name}</dt>
              <dd>
                <code>{value}</code>
              </dd>
            </Fragment>
          ))}
        </dl>
      )}
      <h3 className="pane-title">Text</h3>
      <pre className="code-block email-text">
        <LinkifiedText text={email.text_body} />
      </pre>
      <h3 className="pane-title">HTML</h3>
      {/* An empty sandbox: no scripts, no forms, no same-origin access, no navigation. */}
      <iframe className="email-html" title={`HTML body of “${email.subject}”`} sandbox="" referrerPolicy="no-referrer" srcDoc={email.html_body} />
    </article>
  );
}
