import { useId, useRef } from 'react';

import { ErrorMessage } from '@/components/status';
import type { User } from '@/features/auth/api/get-me';

import { useRemoveAvatar } from '../api/remove-avatar';
import { useUploadAvatar } from '../api/upload-avatar';
import { initials } from '../utils/avatar';

/** The images the API takes as avatars. */
const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp';

/** My avatar: the current one (or my initials), a new one from a file, or none. */
export function AvatarSetting({ user }: { user: User }) {
  const upload = useUploadAvatar();
  const remove = useRemoveAvatar();
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const busy = upload.isPending || remove.isPending;

  const choose = (file: File | undefined) => {
    if (!file) return;
    remove.reset();
    upload.mutate(file);
  };

  return (
    <div className="avatar-setting">
      {user.avatar_url ? (
        <img className="avatar avatar-large" src={user.avatar_url} alt="Your avatar" width={96} height={96} />
      ) : (
        <span className="avatar avatar-large avatar-placeholder" role="img" aria-label={`No avatar yet: your initials, ${initials(user.display_name)}`}>
          {initials(user.display_name)}
        </span>
      )}
      <div className="avatar-controls">
        <p id={hintId} className="field-hint">
          A PNG, JPEG, GIF or WebP image up to 2 MiB. It is cropped to a square, keeping its centre.
        </p>
        <div className="actions">
          <button type="button" className="button" disabled={busy} aria-describedby={hintId} onClick={() => input.current?.click()}>
            {upload.isPending ? 'Uploading…' : 'Upload a new avatar'}
          </button>
          <input
            ref={input}
            type="file"
            hidden
            accept={ACCEPT}
            onChange={(e) => {
              const file = e.target.files?.[0];
              // Cleared, so choosing the same file again after a failure tries again.
              e.target.value = '';
              choose(file);
            }}
          />
          {user.avatar_url && (
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() => {
                upload.reset();
                remove.mutate({});
              }}
            >
              {remove.isPending ? 'Removing…' : 'Remove'}
            </button>
          )}
        </div>
        {upload.isSuccess && (
          <p className="alert alert-success" role="status">
            Your new avatar is saved.
          </p>
        )}
        {remove.isSuccess && (
          <p className="alert alert-success" role="status">
            Avatar removed: your initials show instead.
          </p>
        )}
        {upload.isError && <ErrorMessage error={upload.error} />}
        {remove.isError && <ErrorMessage error={remove.error} />}
      </div>
    </div>
  );
}
