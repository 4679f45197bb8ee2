import { useId } from 'react';

export interface FilterOption {
  value: string;
  label: string;
}

interface OptionFilterProps {
  label: string;
  /** The selected value; '' (or undefined) is the "all" choice. */
  value: string | undefined;
  options: readonly FilterOption[];
  /** The label of the "no filter" choice; without it one of the options is always chosen. */
  allLabel?: string;
  onChange: (value: string | undefined) => void;
}

/** A labelled select that narrows a list. */
export function OptionFilter({ label, value, options, allLabel, onChange }: OptionFilterProps) {
  const id = useId();
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {/* A filter from the URL that the lists do not offer (yet) still shows as chosen. */}
        {value && !options.some((o) => o.value === value) && <option value={value}>{value}</option>}
      </select>
    </div>
  );
}
