import { useEffect, useMemo } from 'react';
import { createPortal } from 'react-dom';

import { getPyodideSettings, type PyodideSettings } from '../api/get-site';
import { PythonSession } from '../utils/python-session';

import { PythonCell, type CellMount } from './python-cell';
import './python-cells.css';

let settings: Promise<PyodideSettings> | null = null;
/** Asked once per page load, and only when a reader first runs a cell. */
const siteSettings = () => (settings ??= getPyodideSettings());

interface PythonCellsProps {
  slug: string;
  mounts: CellMount[];
}

/**
 * The runnable cells of one post, sharing one Python session. Loaded lazily (with
 * CodeMirror) only for posts that have cells; Pyodide itself loads on the first run.
 */
export default function PythonCells({ slug, mounts }: PythonCellsProps) {
  const session = useMemo(() => new PythonSession({ settings: siteSettings }), []);
  useEffect(() => () => session.dispose(), [session]);

  useEffect(() => {
    const removers = mounts
      .filter((m) => m.hidden)
      .map((m) => session.register({ index: m.index, hidden: true, code: () => m.original }));
    return () => removers.forEach((remove) => remove());
  }, [session, mounts]);

  const visible = mounts.filter((m) => !m.hidden && m.host);
  return (
    <>
      {visible.map((mount, i) =>
        createPortal(
          <PythonCell slug={slug} mount={mount} session={session} hasAbove={i > 0} />,
          mount.host as HTMLElement,
          `${slug}:${mount.index}`,
        ),
      )}
    </>
  );
}
