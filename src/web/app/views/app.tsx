/** @jsxImportSource preact */
/** The root: the sign-in page, or the workspace once signed in. */
import { useCallback, useEffect, useMemo, useReducer, useState } from 'preact/hooks';
import { type SignedIn, session } from '../api.ts';
import { lang, setLang } from '../i18n.ts';
import { Workspace } from '../workspace.ts';
import { Login } from './login.tsx';
import { Shell } from './shell.tsx';

export function App() {
  const [signedIn, setSignedIn] = useState<SignedIn | undefined>(() => session.load());
  const [expired, setExpired] = useState(false);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => setLang(lang), []);

  const changeLang = (next: typeof lang) => {
    setLang(next);
    rerender(0);
  };
  // Stable, so the workspace is made once per sign-in (not on every redraw).
  const signedOut = useCallback((reason?: 'expired') => {
    setExpired(reason === 'expired');
    setSignedIn(undefined);
  }, []);
  if (!signedIn) {
    return (
      <Login
        expired={expired}
        onLang={changeLang}
        onSignedIn={(s) => {
          session.save(s);
          setExpired(false);
          setSignedIn(s);
        }}
      />
    );
  }
  return <Signed signedIn={signedIn} onLang={changeLang} onSignedOut={signedOut} />;
}

function Signed(props: {
  signedIn: SignedIn;
  onLang(lang: 'en' | 'zh'): void;
  onSignedOut(reason?: 'expired'): void;
}) {
  const { signedIn, onSignedOut } = props;
  const ws = useMemo(() => new Workspace(signedIn, onSignedOut), [signedIn, onSignedOut]);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const unsubscribe = ws.subscribe(() => redraw(0));
    ws.start();
    return () => {
      unsubscribe();
      ws.stop();
    };
  }, [ws]);
  return <Shell ws={ws} onLang={props.onLang} />;
}
