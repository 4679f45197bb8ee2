import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';

import { useDeleteDeadJob } from '../api/delete-dead-job';
import { useDeadJobs, type DeadJob } from '../api/get-dead-jobs';
import { useJobs, type JobKind, type ScheduledJob } from '../api/get-jobs';
import { useRetryDeadJob } from '../api/retry-dead-job';
import { useRunJob } from '../api/run-job';
import { humanize } from '../utils/mailbox';

import { SearchIndexStatus } from './search-index-status';

/** The scheduled jobs an admin may start by hand; the others are queued by the app itself. */
const SCHEDULED: readonly ScheduledJob[] = ['daily_digest', 'sitemap', 'token_cleanup', 'billing_sync'];
const isScheduled = (job: JobKind): job is ScheduledJob => (SCHEDULED as readonly JobKind[]).includes(job);

export function AdminJobs() {
  const jobs = useJobs();
  const run = useRunJob();
  const running = run.isPending ? run.variables.body.job : null;

  return (
    <section>
      <div className="toolbar">
        <h1>Jobs</h1>
        <button type="button" className="button button-small" disabled={jobs.isFetching} onClick={() => void jobs.refetch()}>
          Refresh
        </button>
      </div>
      {jobs.data && (
        <p className="muted">
          Queue backend: <strong>{jobs.data.backend}</strong>
        </p>
      )}
      {run.isSuccess && (
        <p className="alert alert-success" role="status">
          Queued {humanize(run.data.job)}; it runs as soon as a worker picks it up.
        </p>
      )}
      {run.isError && <ErrorMessage error={run.error} />}
      {jobs.isPending ? (
        <Loading />
      ) : jobs.isError ? (
        <ErrorMessage error={jobs.error} />
      ) : (
        <table className="table" aria-busy={jobs.isFetching}>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Pending</th>
              <th scope="col">Dead</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.data.queues.map((queue) => (
              <tr key={queue.job}>
                <td>
                  <code>{queue.job}</code>
                  {queue.stats.length > 0 && (
                    <div className="muted small">{queue.stats.map((s) => `${s.name}: ${s.value}`).join(' · ')}</div>
                  )}
                </td>
                <td>{queue.pending}</td>
                <td>{queue.dead}</td>
                <td className="row-actions">
                  {isScheduled(queue.job) && (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={run.isPending}
                      aria-label={`Run ${humanize(queue.job)} now`}
                      onClick={() => {
                        if (isScheduled(queue.job)) run.mutate({ body: { job: queue.job } });
                      }}
                    >
                      {running === queue.job ? 'Queuing…' : 'Run now'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SearchIndexStatus />
      <DeadJobs />
    </section>
  );
}

function DeadJobs() {
  const dead = useDeadJobs();
  const items = dead.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="dead-jobs">
      <h2 id="dead-jobs" className="section-title">
        Dead jobs
      </h2>
      {dead.isError && !dead.data ? (
        <ErrorMessage error={dead.error} />
      ) : !dead.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="muted">No dead jobs. A job lands here when it has failed on every attempt.</p>
      ) : (
        <ul className="dead-jobs">
          {items.map((job) => (
            <DeadJobItem key={job.id} job={job} />
          ))}
        </ul>
      )}
      {dead.isFetchNextPageError && <ErrorMessage error={dead.error} />}
      <LoadMore
        hasNextPage={dead.hasNextPage}
        isFetchingNextPage={dead.isFetchingNextPage}
        fetchNextPage={dead.fetchNextPage}
        auto={false}
      />
    </section>
  );
}

function DeadJobItem({ job }: { job: DeadJob }) {
  const retry = useRetryDeadJob();
  const remove = useDeleteDeadJob();
  const busy = retry.isPending || remove.isPending;
  const path = { params: { path: { id: job.id } } };

  const onDelete = () => {
    if (!window.confirm(`Delete this dead ${humanize(job.job)} job? It will not run again.`)) return;
    retry.reset();
    remove.mutate(path);
  };

  return (
    <li className="card dead-job" aria-label={`${humanize(job.job)} job ${job.id}`}>
      <div className="toolbar">
        <h3>
          <code>{job.job}</code>
        </h3>
        <p className="muted small">
          Died <time dateTime={job.died_at}>{formatDateTime(job.died_at)}</time> after {job.attempts}{' '}
          {job.attempts === 1 ? 'attempt' : 'attempts'}
        </p>
      </div>
      <p className="job-error">{job.error}</p>
      <pre className="code-block">{JSON.stringify(job.payload, null, 2)}</pre>
      {(retry.isError || remove.isError) && <ErrorMessage error={retry.error ?? remove.error} />}
      <div className="actions">
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          onClick={() => {
            remove.reset();
            retry.mutate(path);
          }}
        >
          {retry.isPending ? 'Retrying…' : 'Retry'}
        </button>
        <button type="button" className="button button-small button-danger" disabled={busy} onClick={onDelete}>
          Delete
        </button>
      </div>
    </li>
  );
}
