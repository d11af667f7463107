// The app frame: a narrow navigation rail on the left, the page on the right.
import type { ComponentChildren } from 'preact';
import { route } from '../router.ts';
import { logout, superuser } from '../stores/auth.ts';
import { themePref, toggleTheme } from '../stores/theme.ts';

const NAV = [
  { path: '/collections', label: 'Collections', icon: '▤' },
  { path: '/logs', label: 'Logs', icon: '≣' },
  { path: '/backups', label: 'Backups', icon: '⛁' },
  { path: '/sql', label: 'SQL console', icon: '⌨' },
  { path: '/settings', label: 'Settings', icon: '⚙' },
];

export function Shell({ children }: { children: ComponentChildren }) {
  return (
    <div class="shell">
      <nav class="rail" aria-label="Main">
        <a class="logo" href="#/collections" title="Satchel">
          S
        </a>
        {NAV.map((n) => (
          <a
            key={n.path}
            href={`#${n.path}`}
            class={route.value.startsWith(n.path) ? 'active' : ''}
            title={n.label}
            aria-label={n.label}
          >
            <span class="icon">{n.icon}</span>
            <span class="rail-label">{n.label}</span>
          </a>
        ))}
        <div class="grow" />
        <button
          type="button"
          class="rail-btn"
          title={`Theme: ${themePref.value} (click to change)`}
          aria-label="Toggle dark mode"
          data-theme-pref={themePref.value}
          onClick={toggleTheme}
        >
          {themePref.value === 'auto' ? '◐' : themePref.value === 'dark' ? '☾' : '☀'}
        </button>
        <button
          type="button"
          class="rail-btn"
          title={`Logout ${superuser.value?.email ?? ''}`}
          aria-label="Logout"
          onClick={logout}
        >
          ⇥
        </button>
      </nav>
      <main class="page">{children}</main>
    </div>
  );
}
