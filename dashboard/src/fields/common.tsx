// Option inputs shared by several field types' settings panels.
import { Row } from '../components/ui.tsx';
import type { SettingsProps } from './types.ts';

export function NumOpt({
  p,
  k,
  label,
  allowNull,
}: {
  p: SettingsProps;
  k: string;
  label: string;
  allowNull?: boolean;
}) {
  const v = p.field[k] as number | null | undefined;
  return (
    <Row label={label} error={p.errors[`${p.prefix}.${k}`]}>
      <input
        type="number"
        name={k}
        value={v ?? ''}
        onInput={(e) => {
          const t = e.currentTarget.value;
          p.set({ [k]: t === '' ? (allowNull ? null : 0) : Number(t) });
        }}
      />
    </Row>
  );
}

export function TextOpt({
  p,
  k,
  label,
  placeholder,
}: {
  p: SettingsProps;
  k: string;
  label: string;
  placeholder?: string;
}) {
  return (
    <Row label={label} error={p.errors[`${p.prefix}.${k}`]}>
      <input
        type="text"
        name={k}
        value={(p.field[k] as string) ?? ''}
        placeholder={placeholder}
        onInput={(e) => p.set({ [k]: e.currentTarget.value })}
      />
    </Row>
  );
}

export function BoolOpt({ p, k, label }: { p: SettingsProps; k: string; label: string }) {
  return (
    <label class="toggle">
      <input
        type="checkbox"
        name={k}
        checked={!!p.field[k]}
        onChange={(e) => p.set({ [k]: e.currentTarget.checked })}
      />
      <span>{label}</span>
    </label>
  );
}

export function ListOpt({
  p,
  k,
  label,
  placeholder,
  nullWhenEmpty,
}: {
  p: SettingsProps;
  k: string;
  label: string;
  placeholder?: string;
  nullWhenEmpty?: boolean;
}) {
  const list = (p.field[k] as string[] | null) ?? [];
  return (
    <Row label={label} error={p.errors[`${p.prefix}.${k}`]} hint="Comma separated">
      <input
        type="text"
        name={k}
        defaultValue={list.join(', ')}
        placeholder={placeholder}
        onInput={(e) => {
          const v = e.currentTarget.value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          p.set({ [k]: v.length === 0 && nullWhenEmpty ? null : v });
        }}
      />
    </Row>
  );
}

export const NoSettings = () => null;

export function short(v: unknown, max = 60): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** `2024-05-01 13:45:07.123Z` ↔ the `datetime-local` input's local time. */
export function toLocalInput(v: string): string {
  if (!v) return '';
  const d = new Date(v.replace(' ', 'T'));
  if (Number.isNaN(d.getTime())) return '';
  const off = d.getTimezoneOffset() * 60000;
  return new Date(d.getTime() - off).toISOString().slice(0, 19);
}

export function fromLocalInput(v: string): string {
  if (!v) return '';
  return new Date(v).toISOString().replace('T', ' ');
}
