// The view's URL (a reactive controller): written on each change (pushState), and followed on Back and Forward.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { parseRoute, routePath, type Route } from '../route.js';

export interface RouteHost extends Pick<ReactiveControllerHost, 'addController'> {
  /** The view shown now. */
  readonly route: Route;
  /** Back or Forward moved to this view: show it (signed in only). */
  showRoute(r: Route): void;
}

export class RouteController implements ReactiveController {
  readonly #popstate = () => this.host.showRoute(parseRoute(location.pathname));

  constructor(private readonly host: RouteHost) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.#popstate);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.#popstate);
  }

  /** The view the address bar names (a shared link, a reload). */
  current(): Route {
    return parseRoute(location.pathname);
  }

  /** Writes the view's URL: a new history entry (`push`), or in place of the current one. */
  go(how: 'push' | 'replace'): void {
    const path = routePath(this.host.route);
    if (path === location.pathname) return;
    if (how === 'push') history.pushState(null, '', path);
    else history.replaceState(null, '', path);
  }
}
