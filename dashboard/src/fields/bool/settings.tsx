// Bool has no options beyond the common ones.
export { NoSettings as BoolSettings } from '../common.tsx';
