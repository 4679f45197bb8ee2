import type { components } from '@/api/schema';
import { capitalize } from '@/lib/format';

type Difficulty = components['schemas']['Difficulty'];

export function DifficultyBadge({ difficulty }: { difficulty: Difficulty }) {
  return (
    <span className={`badge badge-${difficulty}`} title="Difficulty">
      {capitalize(difficulty)}
    </span>
  );
}
