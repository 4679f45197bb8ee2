import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { Link, useLocation } from 'react-router';

import { useAskConversation, type ChatTurn } from '../hooks/use-ask-conversation';
import { clearAskScope, closeAsk, takePending, useAskPanel } from '../stores/ask-panel';

import { AnswerText } from './answer-text';
import { ConversationList } from './conversation-list';
import { SourceList } from './source-list';

/** The longest question the API takes. */
const MAX_QUESTION = 1000;
/** The article column's width: a chip keeps the panel open only when the page fits beside it. */
const ARTICLE_ROOM = 760;

interface AskPanelProps {
  signedIn: boolean;
  /** The session is still being restored: wait before asking a pending question. */
  sessionPending: boolean;
}

/**
 * Ask AI: a side panel over the page (non-modal, so the page stays usable). The answer
 * streams in with its citations as chips that open the cited section; past conversations
 * are listed beside it. It stays mounted while closed, so a conversation survives
 * following a citation and reopening the panel.
 */
export function AskPanel({ signedIn, sessionPending }: AskPanelProps) {
  const { open, scope, pending } = useAskPanel();
  const chat = useAskConversation();
  const [draft, setDraft] = useState('');
  const panelRef = useRef<HTMLElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const threadRef = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const inputId = useId();
  const location = useLocation();
  const { reset, ask, busy } = chat;

  // Focus the question box on opening; give focus back to what opened the panel on closing.
  useEffect(() => {
    if (open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      inputRef.current?.focus();
    } else if (opener.current?.isConnected && panelRef.current?.contains(document.activeElement)) {
      opener.current.focus();
    }
  }, [open]);

  // Questions about another post start another conversation.
  const scopeSlug = scope?.slug ?? null;
  const lastScope = useRef(scopeSlug);
  useEffect(() => {
    if (lastScope.current !== scopeSlug) {
      lastScope.current = scopeSlug;
      reset();
    }
  }, [scopeSlug, reset]);

  // A question handed over by the command palette is asked as soon as it can be.
  useEffect(() => {
    if (!open || !pending || sessionPending) return;
    takePending(pending.id);
    if (signedIn && !busy) void ask(pending.question, scopeSlug);
    else setDraft(pending.question);
  }, [open, pending, sessionPending, signedIn, busy, ask, scopeSlug]);

  // Keep the newest text in view while it streams.
  const last = chat.turns[chat.turns.length - 1];
  useEffect(() => {
    const el = threadRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [last?.answer, last?.state, chat.turns.length]);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const question = draft.trim();
    if (!question || chat.busy || !signedIn) return;
    setDraft('');
    void chat.ask(question, scopeSlug);
  };

  const onInputKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  // Following a citation: keep the panel open only if the article fits beside it.
  const onCite = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    const width = panelRef.current?.offsetWidth ?? 0;
    if (window.innerWidth - width < ARTICLE_ROOM) closeAsk();
  };

  const next = encodeURIComponent(location.pathname + location.search + location.hash);

  return (
    <aside
      ref={panelRef}
      className="ask-panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      hidden={!open}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          closeAsk();
        }
      }}
    >
      <header className="ask-header">
        <h2 id={titleId}>Ask AI</h2>
        <div className="actions">
          {signedIn && (
            <button type="button" className="button button-small" onClick={() => reset()} disabled={chat.turns.length === 0}>
              New conversation
            </button>
          )}
          <button type="button" className="button button-small" aria-label="Close Ask AI" onClick={() => closeAsk()}>
            ×
          </button>
        </div>
      </header>

      <div className={signedIn ? 'ask-body has-history' : 'ask-body'}>
        {signedIn && open && (
          <ConversationList
            activeId={chat.conversationId}
            onOpen={(id) => void chat.open(id)}
            onDeleted={(id) => {
              if (id === chat.conversationId) reset();
            }}
          />
        )}

        <div className="ask-thread" ref={threadRef} aria-label="Conversation" role="region">
          {!signedIn ? (
            <div className="ask-empty">
              <p>Ask a question and get an answer drawn from the posts, with links to the passages it comes from.</p>
              <p>
                <Link to={`/login?next=${next}`} className="button button-primary">
                  Sign in to ask
                </Link>{' '}
                <Link to={`/register?next=${next}`}>or create an account</Link>
              </p>
            </div>
          ) : chat.loading ? (
            chat.loading.error ? (
              <div className="alert alert-error" role="alert">
                {chat.loading.error}
              </div>
            ) : (
              <p className="muted" role="status">
                Loading the conversation…
              </p>
            )
          ) : chat.turns.length === 0 ? (
            <div className="ask-empty">
              <p>
                {scope
                  ? `Ask anything about “${scope.title}”. The answer quotes the post and links to the sections it uses.`
                  : 'Ask anything about the posts on this site. The answer links to the sections it draws on.'}
              </p>
            </div>
          ) : (
            chat.turns.map((turn) => <TurnView key={turn.key} turn={turn} onCite={onCite} />)
          )}
        </div>
      </div>

      {signedIn && (
        <form className="ask-form" onSubmit={submit}>
          {scope && (
            <p className="ask-scope">
              <span>
                About <strong>{scope.title}</strong>
              </span>
              <button type="button" className="link-button small" onClick={() => clearAskScope()}>
                Ask about every post
              </button>
            </p>
          )}
          <label htmlFor={inputId} className="visually-hidden">
            Your question
          </label>
          <textarea
            id={inputId}
            ref={inputRef}
            rows={2}
            maxLength={MAX_QUESTION}
            placeholder={scope ? 'Ask about this post…' : 'Ask about the posts…'}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onInputKeyDown}
          />
          <div className="actions">
            {chat.busy ? (
              <button type="button" className="button" onClick={() => chat.stop()}>
                Stop
              </button>
            ) : (
              <button type="submit" className="button button-primary" disabled={!draft.trim()}>
                Ask
              </button>
            )}
            <span className="muted small">Enter to send, Shift+Enter for a new line</span>
          </div>
        </form>
      )}
    </aside>
  );
}

function TurnView({ turn, onCite }: { turn: ChatTurn; onCite: (e: MouseEvent<HTMLAnchorElement>) => void }) {
  const streaming = turn.state === 'waiting' || turn.state === 'streaming';
  return (
    <article className="ask-turn" data-state={turn.state} aria-label={`Question: ${turn.question}`}>
      <p className="ask-question">{turn.question}</p>
      <div className="ask-answer" aria-busy={streaming}>
        {turn.state === 'waiting' && (
          <p className="muted" role="status">
            Finding the passages that answer this…
          </p>
        )}
        {turn.answer && <AnswerText answer={turn.answer} sources={turn.sources} onCite={onCite} />}
        {turn.state === 'streaming' && <span className="ask-cursor" aria-hidden="true" />}
        {turn.error && <TurnError error={turn.error} />}
        {turn.state === 'done' && (
          <p className="ask-status muted small" role="status">
            {turn.mode === 'extractive' ? 'Quoted from the posts' : 'Answered'}
            {turn.cited.length > 0 ? `, citing ${turn.cited.length} of ${turn.sources.length} sources.` : '.'}
          </p>
        )}
      </div>
      {!streaming && <SourceList sources={turn.sources} cited={turn.cited} onOpen={onCite} />}
    </article>
  );
}

function TurnError({ error }: { error: NonNullable<ChatTurn['error']> }) {
  const location = useLocation();
  if (error.kind === 'signed-out') {
    const next = encodeURIComponent(location.pathname + location.search + location.hash);
    return (
      <div className="alert alert-warning" role="alert">
        Your session has ended. <Link to={`/login?next=${next}`}>Sign in</Link> to ask again.
      </div>
    );
  }
  return (
    <div className={error.kind === 'quota' ? 'alert alert-warning' : 'alert alert-error'} role="alert">
      {error.message}
    </div>
  );
}
