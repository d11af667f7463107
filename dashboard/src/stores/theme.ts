// Light, dark or Auto (follows the system), remembered per browser (index.html applies it before the first paint).
import { signal } from '@preact/signals';

export type ThemePref = 'auto' | 'light' | 'dark';

const KEY = 'satchel_theme';
const system = matchMedia('(prefers-color-scheme: dark)');
const stored = localStorage.getItem(KEY);

export const themePref = signal<ThemePref>(
  stored === 'light' || stored === 'dark' ? stored : 'auto',
);
export const theme = signal<'light' | 'dark'>(effective(themePref.value));

function effective(pref: ThemePref): 'light' | 'dark' {
  if (pref !== 'auto') return pref;
  return system.matches ? 'dark' : 'light';
}

function apply(): void {
  theme.value = effective(themePref.value);
  document.documentElement.dataset.theme = theme.value;
}

system.addEventListener('change', apply);

export function setTheme(pref: ThemePref): void {
  themePref.value = pref;
  localStorage.setItem(KEY, pref);
  apply();
}

/** Auto → the look the system lacks → the system's look → Auto: only the step into Auto looks the same. */
export function toggleTheme(): void {
  const sys = system.matches ? 'dark' : 'light';
  const pref = themePref.value;
  if (pref === 'auto') setTheme(sys === 'dark' ? 'light' : 'dark');
  else setTheme(pref === sys ? 'auto' : sys);
}
