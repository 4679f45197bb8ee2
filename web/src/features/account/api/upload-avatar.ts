import { useMutation, useQueryClient } from '@tanstack/react-query';

import { meQueryOptions } from '@/features/auth/api/get-me';
import { uploadFile, type Upload } from '@/features/uploads/api/upload-file';

/**
 * Uploads a new avatar (`purpose=avatar`: images only, cropped to a square). The account's
 * `avatar_url` changes with it, so the current user is fetched again before this settles.
 */
export function useUploadAvatar() {
  const queryClient = useQueryClient();
  return useMutation<Upload, unknown, File>({
    mutationFn: (file) => uploadFile(file, { purpose: 'avatar' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryOptions().queryKey }),
  });
}
