import { useId } from 'react';

import { capitalize } from '@/lib/format';

import type { Difficulty } from '../api/get-posts';

const LEVELS: Difficulty[] = ['beginner', 'intermediate', 'advanced'];

export function isDifficulty(value: string | null): value is Difficulty {
  return value !== null && (LEVELS as string[]).includes(value);
}

interface DifficultyFilterProps {
  value: Difficulty | undefined;
  onChange: (value: Difficulty | undefined) => void;
}

export function DifficultyFilter({ value, onChange }: DifficultyFilterProps) {
  const id = useId();
  return (
    <div className="filter">
      <label htmlFor={id}>Difficulty</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(isDifficulty(e.target.value) ? e.target.value : undefined)}>
        <option value="">All levels</option>
        {LEVELS.map((level) => (
          <option key={level} value={level}>
            {capitalize(level)}
          </option>
        ))}
      </select>
    </div>
  );
}
