// Every field type the server knows, with its input, cell view, settings panel and defaults.
import { AutodateInput } from './autodate/input.tsx';
import { AutodateSettings } from './autodate/settings.tsx';
import { AutodateView } from './autodate/view.tsx';
import { BoolInput } from './bool/input.tsx';
import { BoolSettings } from './bool/settings.tsx';
import { BoolView } from './bool/view.tsx';
import { DateInput } from './date/input.tsx';
import { DateSettings } from './date/settings.tsx';
import { DateView } from './date/view.tsx';
import { EditorInput } from './editor/input.tsx';
import { EditorSettings } from './editor/settings.tsx';
import { EditorView } from './editor/view.tsx';
import { EmailInput } from './email/input.tsx';
import { EmailSettings } from './email/settings.tsx';
import { EmailView } from './email/view.tsx';
import { FileInput } from './file/input.tsx';
import { FileSettings } from './file/settings.tsx';
import { FileView } from './file/view.tsx';
import { GeoPointInput } from './geoPoint/input.tsx';
import { GeoPointSettings } from './geoPoint/settings.tsx';
import { GeoPointView } from './geoPoint/view.tsx';
import { JsonInput } from './json/input.tsx';
import { JsonSettings } from './json/settings.tsx';
import { JsonView } from './json/view.tsx';
import { NumberInput } from './number/input.tsx';
import { NumberSettings } from './number/settings.tsx';
import { NumberView } from './number/view.tsx';
import { PasswordInput } from './password/input.tsx';
import { PasswordSettings } from './password/settings.tsx';
import { PasswordView } from './password/view.tsx';
import { RelationInput } from './relation/input.tsx';
import { RelationSettings } from './relation/settings.tsx';
import { RelationView } from './relation/view.tsx';
import { SelectInput } from './select/input.tsx';
import { SelectSettings } from './select/settings.tsx';
import { SelectView } from './select/view.tsx';
import { TextInput } from './text/input.tsx';
import { TextSettings } from './text/settings.tsx';
import { TextView } from './text/view.tsx';
import type { Field, FieldType } from './types.ts';
import { UrlInput } from './url/input.tsx';
import { UrlSettings } from './url/settings.tsx';
import { UrlView } from './url/view.tsx';

const multi = (f: Field) => (f.maxSelect ?? 0) > 1;
const str = () => '';

export const fieldTypes: Record<string, FieldType> = {
  text: {
    label: 'Plain text',
    icon: 'T',
    input: TextInput,
    view: TextView,
    settings: TextSettings,
    defaults: () => ({ min: 0, max: 0, pattern: '', autogeneratePattern: '' }),
    empty: str,
  },
  editor: {
    label: 'Rich editor',
    icon: '¶',
    input: EditorInput,
    view: EditorView,
    settings: EditorSettings,
    defaults: () => ({ maxSize: 0, convertURLs: false }),
    empty: str,
  },
  number: {
    label: 'Number',
    icon: '#',
    input: NumberInput,
    view: NumberView,
    settings: NumberSettings,
    defaults: () => ({ min: null, max: null, onlyInt: false }),
    empty: () => null,
  },
  bool: {
    label: 'Bool',
    icon: '◉',
    input: BoolInput,
    view: BoolView,
    settings: BoolSettings,
    defaults: () => ({}),
    empty: () => false,
  },
  email: {
    label: 'Email',
    icon: '@',
    input: EmailInput,
    view: EmailView,
    settings: EmailSettings,
    defaults: () => ({ onlyDomains: null, exceptDomains: null }),
    empty: str,
  },
  url: {
    label: 'URL',
    icon: '↗',
    input: UrlInput,
    view: UrlView,
    settings: UrlSettings,
    defaults: () => ({ onlyDomains: null, exceptDomains: null }),
    empty: str,
  },
  date: {
    label: 'DateTime',
    icon: '◷',
    input: DateInput,
    view: DateView,
    settings: DateSettings,
    defaults: () => ({ min: '', max: '' }),
    empty: str,
  },
  autodate: {
    label: 'Autodate',
    icon: '↻',
    input: AutodateInput,
    view: AutodateView,
    settings: AutodateSettings,
    defaults: () => ({ onCreate: true, onUpdate: false }),
    empty: str,
  },
  select: {
    label: 'Select',
    icon: '☰',
    input: SelectInput,
    view: SelectView,
    settings: SelectSettings,
    defaults: () => ({ values: [], maxSelect: 1 }),
    empty: (f) => (multi(f) ? [] : ''),
  },
  file: {
    label: 'File',
    icon: '▣',
    input: FileInput,
    view: FileView,
    settings: FileSettings,
    defaults: () => ({ maxSelect: 1, maxSize: 0, mimeTypes: [], thumbs: [], protected: false }),
    empty: () => ({ keep: [], add: [] }),
  },
  relation: {
    label: 'Relation',
    icon: '⇄',
    input: RelationInput,
    view: RelationView,
    settings: RelationSettings,
    defaults: () => ({ collectionId: '', cascadeDelete: false, minSelect: 0, maxSelect: 1 }),
    empty: (f) => (multi(f) ? [] : ''),
  },
  json: {
    label: 'JSON',
    icon: '{}',
    input: JsonInput,
    view: JsonView,
    settings: JsonSettings,
    defaults: () => ({ maxSize: 0 }),
    empty: () => null,
  },
  password: {
    label: 'Password',
    icon: '✱',
    input: PasswordInput,
    view: PasswordView,
    settings: PasswordSettings,
    defaults: () => ({ min: 0, max: 0, pattern: '', cost: 0 }),
    empty: str,
  },
  geoPoint: {
    label: 'Geo point',
    icon: '◎',
    input: GeoPointInput,
    view: GeoPointView,
    settings: GeoPointSettings,
    defaults: () => ({}),
    empty: () => ({ lon: 0, lat: 0 }),
  },
};

export function fieldType(type: string): FieldType {
  return fieldTypes[type] ?? fieldTypes.json!;
}
