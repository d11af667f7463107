// Light/dark theme, remembered per browser (index.html applies it before the first paint).
import { signal } from '@preact/signals';

export const theme = signal<'light' | 'dark'>(
  document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light',
);

export function toggleTheme(): void {
  theme.value = theme.value === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = theme.value;
  localStorage.setItem('satchel_theme', theme.value);
}
