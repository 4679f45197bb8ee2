import { NavLink } from 'react-router';

export function AdminNav() {
  return (
    <nav className="admin-nav" aria-label="Admin">
      <NavLink to="/admin/posts">Posts</NavLink>
      <NavLink to="/admin/series">Series</NavLink>
      <NavLink to="/admin/tags">Tags</NavLink>
      <NavLink to="/admin/redirects">Redirects</NavLink>
      <NavLink to="/admin/comments">Comments</NavLink>
      <NavLink to="/admin/jobs">Jobs</NavLink>
      <NavLink to="/admin/import">Import</NavLink>
      <NavLink to="/admin/mailbox">Mailbox</NavLink>
      <NavLink to="/admin/billing">Billing</NavLink>
      <NavLink to="/admin/users">Users</NavLink>
      <NavLink to="/admin/analytics">Analytics</NavLink>
    </nav>
  );
}
