import { useMemo, type MouseEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import uPlot from 'uplot';

import { Field, FormError } from '@/components/field';
import { ErrorMessage, Loading } from '@/components/status';
import { problemStatus, toFormErrors } from '@/lib/problem';

import { useAnalyticsReferrers, type ReferrerViews } from '../api/get-analytics-referrers';
import { useAnalyticsSummary, type AnalyticsSummary, type DayCount } from '../api/get-analytics-summary';
import { useAnalyticsTopPosts, type TopPost } from '../api/get-analytics-top-posts';
import { useAnalyticsViews, type DayViews } from '../api/get-analytics-views';
import {
  formatCount,
  formatDay,
  matchingPreset,
  presetRange,
  RANGE_PRESETS,
  rangeFromParams,
  referrerLabel,
  seriesSummary,
  toColumns,
  type DateRange,
} from '../utils/analytics';

import { UPlotChart, type ChartOptions } from './uplot-chart';
import './admin-analytics.css';

const RANGE_FIELDS = ['from', 'to'] as const;

export function AdminAnalytics() {
  const [params, setParams] = useSearchParams();
  const range = rangeFromParams(params);
  const post = params.get('post') || undefined;

  const summary = useAnalyticsSummary(range.from, range.to);
  const views = useAnalyticsViews(range.from, range.to, post);
  const topPosts = useAnalyticsTopPosts(range.from, range.to);
  const referrers = useAnalyticsReferrers(range.from, range.to);

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  // Every query fails the same way on a bad range; the summary's answer speaks for them all.
  const rangeErrors = toFormErrors(summary.error, RANGE_FIELDS);
  const rangeInvalid = summary.isError && problemStatus(summary.error) === 422;

  return (
    <section className="analytics">
      <div className="toolbar">
        <h1>Analytics</h1>
      </div>
      <RangePicker
        range={range}
        errors={rangeErrors.fields}
        onChange={(next) => update({ from: next.from, to: next.to })}
      />
      {summary.isError && <FormError message={rangeErrors.message ?? (rangeInvalid ? 'This range is not valid.' : null)} />}
      {!rangeInvalid && (
        <>
          <SummaryTiles summary={summary.data} isPending={summary.isPending} />
          <ViewsChart
            rows={views.data}
            error={views.error}
            post={post}
            postTitle={topPosts.data?.find((p) => p.slug === post)?.title}
            onReset={() => update({ post: null })}
          />
          {summary.data && <SignupsChart rows={summary.data.signups_per_day} />}
          <div className="analytics-tables">
            <TopPostsTable
              posts={topPosts.data}
              error={topPosts.error}
              busy={topPosts.isFetching}
              selected={post}
              onSelect={(slug) => update({ post: slug === post ? null : slug })}
            />
            <ReferrersTable referrers={referrers.data} error={referrers.error} busy={referrers.isFetching} />
          </div>
        </>
      )}
    </section>
  );
}

interface RangePickerProps {
  range: DateRange;
  errors: Partial<Record<(typeof RANGE_FIELDS)[number], string>>;
  onChange: (range: DateRange) => void;
}

function RangePicker({ range, errors, onChange }: RangePickerProps) {
  const active = matchingPreset(range);
  return (
    <form className="analytics-range card" aria-label="Date range" onSubmit={(e) => e.preventDefault()}>
      <Field label="From" error={errors.from}>
        {(p) => <input {...p} type="date" name="from" value={range.from} onChange={(e) => onChange({ ...range, from: e.target.value })} />}
      </Field>
      <Field label="To" error={errors.to}>
        {(p) => <input {...p} type="date" name="to" value={range.to} onChange={(e) => onChange({ ...range, to: e.target.value })} />}
      </Field>
      <div className="analytics-presets" role="group" aria-label="Quick ranges">
        {RANGE_PRESETS.map((days) => (
          <button
            key={days}
            type="button"
            className="button button-small"
            aria-pressed={active === days}
            onClick={() => onChange(presetRange(days))}
          >
            {days} days
          </button>
        ))}
      </div>
    </form>
  );
}

function SummaryTiles({ summary, isPending }: { summary: AnalyticsSummary | undefined; isPending: boolean }) {
  if (!summary) return isPending ? <Loading /> : null;
  const tiles: [string, number, string][] = [
    ['Views', summary.views, `${formatDay(summary.from)} – ${formatDay(summary.to)}`],
    ['Visitors', summary.visitors, 'each reader once per day'],
    ['Sign-ups', summary.signups, 'accounts created in the range'],
    ['Awaiting moderation', summary.comments_awaiting_moderation, 'comments, now'],
    ['Newsletter subscribers', summary.newsletter_subscribers, 'confirmed, now'],
    ['Paid subscribers', summary.subscribers, 'running subscriptions, now'],
  ];
  return (
    <ul className="analytics-tiles" aria-label="Summary">
      {tiles.map(([label, value, hint]) => (
        <li key={label} className="analytics-tile">
          <span className="analytics-tile-label">{label}</span>
          <strong className="analytics-tile-value">{formatCount(value)}</strong>
          <span className="analytics-tile-hint">{hint}</span>
        </li>
      ))}
    </ul>
  );
}

function cssVar(name: string, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Axes in the page's colours, days in UTC like the API. */
function baseOptions(): Pick<ChartOptions, 'axes' | 'tzDate' | 'cursor'> {
  const text = cssVar('--muted', '#5d6670');
  const grid = cssVar('--border', '#e2ded6');
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  return {
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    axes: [axis, { ...axis, size: 50 }],
    cursor: { points: { size: 6 } },
  };
}

interface ViewsChartProps {
  rows: DayViews[] | undefined;
  error: unknown;
  post: string | undefined;
  postTitle: string | undefined;
  onReset: () => void;
}

function ViewsChart({ rows, error, post, postTitle, onReset }: ViewsChartProps) {
  const options = useMemo<ChartOptions>(() => {
    const accent = cssVar('--accent', '#1f4e79');
    const success = cssVar('--success', '#1e6b3a');
    return {
      ...baseOptions(),
      scales: { y: { range: (_u, _min, max) => [0, Math.max(max, 4)] } },
      series: [
        { label: 'Day' },
        { label: 'Views', stroke: accent, fill: `${accent}22`, width: 2 },
        { label: 'Visitors', stroke: success, width: 2, dash: [6, 4] },
      ],
    };
  }, []);
  const data = useMemo(() => toColumns(rows ?? [], ['views', 'visitors']), [rows]);
  const subject = post ? `“${postTitle ?? post}”` : 'all posts';
  const name = `Views and visitors per day, ${subject}`;

  return (
    <figure className="analytics-chart card">
      <div className="analytics-chart-head">
        <h2 id="views-chart">Views and visitors · {post ? subject : 'All posts'}</h2>
        {post && (
          <button type="button" className="button button-small" onClick={onReset}>
            All posts
          </button>
        )}
      </div>
      {error ? <ErrorMessage error={error} /> : !rows ? <Loading /> : (
        <>
          <UPlotChart options={options} data={data} label={name} />
          <figcaption className="muted small">{viewsSentence(rows, subject)}</figcaption>
          <DataTable
            caption={name}
            headers={['Day', 'Views', 'Visitors']}
            rows={rows.map((r) => [formatDay(r.day), formatCount(r.views), formatCount(r.visitors)])}
          />
        </>
      )}
    </figure>
  );
}

function viewsSentence(rows: DayViews[], subject: string): string {
  const views = seriesSummary(rows, 'views');
  const visitors = seriesSummary(rows, 'visitors');
  if (views.total === 0) return `No views of ${subject} in these ${rows.length} days.`;
  return `${formatCount(views.total)} views and ${formatCount(visitors.total)} visitors of ${subject} over ${rows.length} days; the busiest day was ${formatDay(views.peak!.day)} with ${formatCount(views.peak!.views)} views.`;
}

function SignupsChart({ rows }: { rows: DayCount[] }) {
  const options = useMemo<ChartOptions>(() => {
    const color = cssVar('--advanced', '#6b2c83');
    const bars = uPlot.paths.bars?.({ size: [0.6, 24] });
    return {
      ...baseOptions(),
      scales: { y: { range: (_u, _min, max) => [0, Math.max(max, 2)] } },
      series: [{ label: 'Day' }, { label: 'Sign-ups', stroke: color, fill: `${color}99`, width: 1, ...(bars ? { paths: bars } : {}), points: { show: false } }],
    };
  }, []);
  const data = useMemo(() => toColumns(rows, ['count']), [rows]);
  const { total, peak } = seriesSummary(rows, 'count');
  const name = 'Sign-ups per day';

  return (
    <figure className="analytics-chart card">
      <div className="analytics-chart-head">
        <h2>Sign-ups</h2>
      </div>
      <UPlotChart options={options} data={data} label={name} height={180} />
      <figcaption className="muted small">
        {total === 0
          ? `No sign-ups in these ${rows.length} days.`
          : `${formatCount(total)} sign-ups over ${rows.length} days; the most on ${formatDay(peak!.day)} (${formatCount(peak!.count)}).`}
      </figcaption>
      <DataTable caption={name} headers={['Day', 'Sign-ups']} rows={rows.map((r) => [formatDay(r.day), formatCount(r.count)])} />
    </figure>
  );
}

/** The numbers behind a chart, for screen readers only. */
function DataTable({ caption, headers, rows }: { caption: string; headers: string[]; rows: string[][] }) {
  return (
    <table className="visually-hidden">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row[0]}>
            {row.map((cell, i) => (i === 0 ? <th key={i} scope="row">{cell}</th> : <td key={i}>{cell}</td>))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface TopPostsTableProps {
  posts: TopPost[] | undefined;
  error: unknown;
  busy: boolean;
  selected: string | undefined;
  onSelect: (slug: string) => void;
}

function TopPostsTable({ posts, error, busy, selected, onSelect }: TopPostsTableProps) {
  // A click anywhere on a row charts that post; the title link and button keep their own meaning.
  const onRowClick = (e: MouseEvent<HTMLTableRowElement>, slug: string) => {
    if ((e.target as HTMLElement).closest('a, button')) return;
    onSelect(slug);
  };
  return (
    <div className="analytics-table">
      <h2 id="top-posts">Top posts</h2>
      {error ? <ErrorMessage error={error} /> : !posts ? <Loading /> : posts.length === 0 ? (
        <p className="muted">No views in this range.</p>
      ) : (
        <table className="table" aria-labelledby="top-posts" aria-busy={busy}>
          <thead>
            <tr>
              <th scope="col">Post</th>
              <th scope="col" className="numeric">Views</th>
              <th scope="col" className="numeric">Visitors</th>
              <th scope="col">
                <span className="visually-hidden">Chart</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {posts.map((p) => (
              <tr
                key={p.slug}
                className={p.slug === selected ? 'analytics-row analytics-row-selected' : 'analytics-row'}
                onClick={(e) => onRowClick(e, p.slug)}
              >
                <td>
                  <Link to={`/posts/${p.slug}`}>{p.title}</Link>
                </td>
                <td className="numeric">{formatCount(p.views)}</td>
                <td className="numeric">{formatCount(p.visitors)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="button button-small"
                    aria-pressed={p.slug === selected}
                    aria-label={`Chart the views of ${p.title}`}
                    onClick={() => onSelect(p.slug)}
                  >
                    Chart
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ReferrersTable({ referrers, error, busy }: { referrers: ReferrerViews[] | undefined; error: unknown; busy: boolean }) {
  return (
    <div className="analytics-table">
      <h2 id="referrers">Referrers</h2>
      {error ? <ErrorMessage error={error} /> : !referrers ? <Loading /> : referrers.length === 0 ? (
        <p className="muted">No views in this range.</p>
      ) : (
        <table className="table" aria-labelledby="referrers" aria-busy={busy}>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col" className="numeric">Views</th>
              <th scope="col" className="numeric">Visitors</th>
            </tr>
          </thead>
          <tbody>
            {referrers.map((r) => (
              <tr key={r.host ?? ''}>
                <td>{r.host ? r.host : <span className="muted">{referrerLabel(r.host)}</span>}</td>
                <td className="numeric">{formatCount(r.views)}</td>
                <td className="numeric">{formatCount(r.visitors)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
