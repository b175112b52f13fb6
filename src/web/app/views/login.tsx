/** @jsxImportSource preact */
/** Sign in with email and password; the token is kept for this tab only. */
import { useState } from 'preact/hooks';
import { ApiError, login, type SignedIn } from '../api.ts';
import { type Lang, lang, t } from '../i18n.ts';
import { unlockAudio } from '../notify.ts';
import { LangSwitch } from './lang-switch.tsx';

export function Login(props: {
  expired: boolean;
  onSignedIn(signedIn: SignedIn): void;
  onLang(lang: Lang): void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (event: Event) => {
    event.preventDefault();
    unlockAudio();
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await login(email, password));
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 422))
        setError(t('wrongLogin'));
      else setError(t('loginFailed', { msg: e instanceof Error ? e.message : String(e) }));
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form class="login-card" onSubmit={submit} aria-describedby="login-lead">
        <div class="login-top">
          <span class="brand">{t('appName')}</span>
          <LangSwitch value={lang} onChange={props.onLang} />
        </div>
        <h1>{t('signInTitle')}</h1>
        <p id="login-lead" class="muted">
          {t('signInLead')}
        </p>
        {props.expired && (
          <p class="alert" role="alert">
            {t('sessionExpired')}
          </p>
        )}
        <label for="login-email">{t('email')}</label>
        <input
          id="login-email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <label for="login-password">{t('password')}</label>
        <input
          id="login-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        {error && (
          <p class="alert" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </main>
  );
}
