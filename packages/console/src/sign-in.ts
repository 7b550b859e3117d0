// The sign-in page: email and password, the admin token (existing setups), a reset request, and the "choose a
// password" form an invitation or reset link opens; and what shows instead when the server cannot be reached.
import { html } from 'lit';
import type { SessionController } from './controllers/session.js';
import type { MessageKey } from './i18n.js';

type Session = Pick<
  SessionController,
  'signIn' | 'signOut' | 'resume' | 'unreachable' | 'usePasswordLink' | 'requestReset'
>;
type T = (key: MessageKey) => string;

const field = (e: SubmitEvent, name: string) => String(new FormData(e.target as HTMLFormElement).get(name) ?? '');

/** The link's kind and secret, when the page was opened from an invitation or reset link. */
export function passwordLink(): { kind: 'invite' | 'reset'; token: string } | null {
  const q = new URLSearchParams(location.search);
  const invite = q.get('invite');
  const reset = q.get('reset');
  if (invite) return { kind: 'invite', token: invite };
  if (reset) return { kind: 'reset', token: reset };
  return null;
}

/** The link's secret leaves the address bar (and the history) once it signed the person in. */
export const forgetLink = () => {
  if (passwordLink()) history.replaceState(null, '', location.pathname);
};

export function signInView(session: Session, t: T, said: (text: string) => void) {
  const link = passwordLink();
  if (link)
    return html`<form class="card" style="max-width:460px" @submit=${async (e: SubmitEvent) => {
      e.preventDefault();
      await session.usePasswordLink(link.kind, link.token, field(e, 'password'));
    }}>
        <h2>${t(link.kind === 'invite' ? 'linkInvite' : 'linkReset')}</h2>
        <label class="field">${t('newPassword')}
          <input name="password" type="password" required minlength="10" maxlength="200" autocomplete="new-password" /></label>
        <button class="primary" type="submit">${t('setPassword')}</button>
      </form>`;
  return html`<div class="row" style="align-items:flex-start;flex-wrap:wrap">
      <section class="card" style="max-width:420px" aria-labelledby="signin-h">
      <form @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void session.signIn({ email: field(e, 'email'), password: field(e, 'password') });
      }}>
        <h2 id="signin-h">${t('signIn')}</h2>
        <label class="field">${t('email')} <input name="email" type="email" required autocomplete="username" /></label>
        <label class="field">${t('password')}
          <input name="password" type="password" required autocomplete="current-password" /></label>
        <button class="primary" type="submit">${t('signIn')}</button>
      </form>
        <details>
          <summary>${t('forgot')}</summary>
          <form @submit=${async (e: SubmitEvent) => {
            e.preventDefault();
            await session.requestReset(field(e, 'reset-email')).then(
              () => said(t('resetSent')),
              () => said(t('resetSent')),
            );
          }}>
            <label class="field">${t('email')} <input name="reset-email" type="email" required autocomplete="email" /></label>
            <button type="submit">${t('sendReset')}</button>
          </form>
        </details>
      </section>
      <form class="card" style="max-width:420px" @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void session.signIn({ token: field(e, 'token'), name: field(e, 'actor') });
      }}>
        <h2 id="token-h">${t('tokenSignIn')}</h2>
        <label class="field">${t('token')} <input name="token" type="password" required autocomplete="off" /></label>
        <label class="field">${t('yourName')} <input name="actor" autocomplete="name" /></label>
        <p class="muted">${t('tokenHelp')}</p>
        <button type="submit">${t('tokenSignInButton')}</button>
      </form>
    </div>`;
}

/** The server could not say whether this browser is signed in (down, network, 5xx): Retry asks again. */
export function unreachableView(session: Session, t: T) {
  const u = session.unreachable!;
  return html`<section class="card" aria-labelledby="unreachable-h" style="max-width:460px">
      <h2 id="unreachable-h">${t('unreachableTitle')}</h2>
      <p role="alert">${t('unreachableBody')}</p>
      <p class="muted"><code>${u.message}</code></p>
      <div class="row">
        <button id="retry" class="primary" @click=${() => void session.resume(true)}>${t('retry')}</button>
        <button @click=${() => session.signOut(true)}>${t('otherToken')}</button>
      </div>
    </section>`;
}
