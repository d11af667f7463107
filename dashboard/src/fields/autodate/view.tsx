// Autodate cell: same as a date.
export { DateView as AutodateView } from '../date/view.tsx';
