import { NavLink } from 'react-router';

export function AdminNav() {
  return (
    <nav className="admin-nav" aria-label="Admin">
      <NavLink to="/admin/posts">Posts</NavLink>
      <NavLink to="/admin/series">Series</NavLink>
      <NavLink to="/admin/tags">Tags</NavLink>
    </nav>
  );
}
