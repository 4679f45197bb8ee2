import { ErrorMessage } from '@/components/status';

import { useReactions, type ReactionKind } from '../api/get-reactions';
import { useSetReaction } from '../api/set-reaction';

const KINDS: { kind: ReactionKind; label: string; emoji: string }[] = [
  { kind: 'like', label: 'Like', emoji: '👍' },
  { kind: 'insightful', label: 'Insightful', emoji: '💡' },
  { kind: 'celebrate', label: 'Celebrate', emoji: '🎉' },
  { kind: 'confused', label: 'Confused', emoji: '🤔' },
];

/** A post's reactions with their counts: buttons for a signed-in reader, just the counts otherwise. */
export function ReactionBar({ slug, signedIn }: { slug: string; signedIn: boolean }) {
  const reactions = useReactions(slug);
  const setReaction = useSetReaction(slug);
  const counts = reactions.data;
  if (!counts) return null;
  const mine = new Set(counts.mine);

  if (!signedIn) {
    const any = KINDS.filter(({ kind }) => counts[kind] > 0);
    if (any.length === 0) return null;
    return (
      <ul className="reactions" aria-label="Reactions">
        {any.map(({ kind, label, emoji }) => (
          <li key={kind} className="reaction" title={label}>
            <span aria-hidden="true">{emoji}</span> <span className="visually-hidden">{label}</span>
            <span className="count">{counts[kind]}</span>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div className="reactions" role="group" aria-label="Reactions">
      {KINDS.map(({ kind, label, emoji }) => (
        <button
          key={kind}
          type="button"
          className="button button-small reaction"
          aria-pressed={mine.has(kind)}
          disabled={setReaction.isPending}
          onClick={() => setReaction.set(kind, !mine.has(kind))}
        >
          <span aria-hidden="true">{emoji}</span> {label} <span className="count">{counts[kind]}</span>
        </button>
      ))}
      {setReaction.error != null && <ErrorMessage error={setReaction.error} />}
    </div>
  );
}
